package dev.llmrouter.api.sse;

import java.io.IOException;

/**
 * One line or event of a server-sent event stream is larger than its limit. The rest of it is not
 * buffered; the stream cannot be read further.
 */
public final class TooLargeEventException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final long MIB = 1024L * 1024L;

  /** The limit that was passed, in bytes. */
  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the limit of one line or event that was passed, in bytes
   */
  public TooLargeEventException(long limit) {
    super("upstream event larger than " + (limit % MIB == 0 ? (limit / MIB) + " MiB" : limit + " bytes"));
    this.limit = limit;
  }

  /** {@return the limit of one line or event that was passed, in bytes} */
  public long limit() {
    return limit;
  }
}
