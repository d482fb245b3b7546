package dev.llmrouter.api.error;

/** The root of llmrouter's unchecked exceptions; thrown directly for undecodable upstream data. */
public class RouterException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message what went wrong; never a key or a whole body
   */
  public RouterException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong; never a key or a whole body
   * @param cause the underlying failure
   */
  public RouterException(String message, Throwable cause) {
    super(message, cause);
  }
}
