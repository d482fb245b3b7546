package dev.llmrouter.api.json;

/** Thrown when bytes that should hold JSON do not parse; the message names the position. */
public final class MalformedJsonException extends RuntimeException {
  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong and where (line, column or offset)
   * @param cause the underlying failure
   */
  public MalformedJsonException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where (line, column or offset)
   */
  public MalformedJsonException(String message) {
    super(message);
  }
}
