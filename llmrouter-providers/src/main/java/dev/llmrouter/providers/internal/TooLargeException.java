package dev.llmrouter.providers.internal;

import java.io.IOException;

/**
 * An upstream answer, or one line or event of a streamed answer, is larger than its limit. The rest
 * of it is not read; the router treats the attempt as an upstream fault.
 */
public final class TooLargeException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final long MIB = 1024L * 1024L;

  /**
   * Creates the exception.
   *
   * @param what what was too large, such as {@code "upstream event"}
   * @param limit the limit it passed, in bytes
   */
  public TooLargeException(String what, long limit) {
    super(what + " larger than " + (limit % MIB == 0 ? (limit / MIB) + " MiB" : limit + " bytes"));
  }
}
