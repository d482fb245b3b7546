package dev.llmrouter.api.error;

/**
 * The client's request cannot be served as it is. Rendered as a 4xx in the client's own error
 * shape; never counted against a channel, never failed over.
 */
public final class ClientRequestException extends RouterException {
  /** The 4xx status to answer with. */
  private final int status;
  /** The error category. */
  private final ErrorType type;

  /**
   * Creates the exception.
   *
   * @param status the 4xx status to answer with
   * @param type the error category
   * @param message the text shown to the client, naming the JSON path where useful
   * @throws IllegalArgumentException when {@code status} is not 4xx
   */
  public ClientRequestException(int status, ErrorType type, String message) {
    super(message);
    if (status < 400 || status > 499) throw new IllegalArgumentException("status not 4xx: " + status);
    this.status = status;
    this.type = type;
  }

  /**
   * Creates the exception with its cause.
   *
   * @param status the 4xx status to answer with (not checked by this constructor)
   * @param type the error category
   * @param message the text shown to the client
   * @param cause the underlying failure, such as a JSON syntax error; never shown to the client
   */
  public ClientRequestException(int status, ErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.type = type;
  }

  /** {@return the 4xx status to answer with} */
  public int status() {
    return status;
  }

  /** {@return the error category} */
  public ErrorType type() {
    return type;
  }
}
