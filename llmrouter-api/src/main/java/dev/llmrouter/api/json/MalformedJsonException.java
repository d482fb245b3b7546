package dev.llmrouter.api.json;

/** Thrown when bytes that should hold JSON do not parse; the message names the position. */
public final class MalformedJsonException extends RuntimeException {
  public MalformedJsonException(String message, Throwable cause) {
    super(message, cause);
  }

  public MalformedJsonException(String message) {
    super(message);
  }
}
