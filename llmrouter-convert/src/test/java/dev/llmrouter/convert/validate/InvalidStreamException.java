package dev.llmrouter.convert.validate;

import dev.llmrouter.api.error.RouterException;

/** A stream broke its protocol's rules; the message says which event and which rule. */
public final class InvalidStreamException extends RouterException {
  /**
   * Creates the exception.
   *
   * @param message which event broke which rule
   */
  public InvalidStreamException(String message) {
    super(message);
  }
}
