package dev.llmrouter.api.error;

/**
 * The client's request cannot be served as it is. Rendered as a 4xx in the client's own error
 * shape; never counted against a channel.
 */
public final class ClientRequestException extends RouterException {
  private final int status;
  private final ErrorType type;

  public ClientRequestException(int status, ErrorType type, String message) {
    super(message);
    if (status < 400 || status > 499) throw new IllegalArgumentException("status not 4xx: " + status);
    this.status = status;
    this.type = type;
  }

  public ClientRequestException(int status, ErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public ErrorType type() {
    return type;
  }
}
