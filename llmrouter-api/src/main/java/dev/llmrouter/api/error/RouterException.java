package dev.llmrouter.api.error;

/** The root of llmrouter's unchecked exceptions. */
public class RouterException extends RuntimeException {
  public RouterException(String message) {
    super(message);
  }

  public RouterException(String message, Throwable cause) {
    super(message, cause);
  }
}
