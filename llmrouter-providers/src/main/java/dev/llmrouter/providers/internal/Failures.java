package dev.llmrouter.providers.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** Describes IO failures for outcomes and client error events, without secrets. Stateless. */
final class Failures {
  /** The start of the message of a stream that broke after something was relayed; the cause follows. */
  static final String STREAM_FAILED = "upstream stream failed: ";
  /** Why a stream that ended without its protocol's terminal event failed. */
  static final String ENDED_EARLY = "upstream stream ended before its final event";
  /** Why a stream that carried an in-band error failed. */
  static final String ERROR_EVENT = "upstream sent an error event";

  private Failures() {}

  /**
   * Describes a failure in a few words: {@code idle timeout}, {@code timeout}, or the exception's
   * message (its class name when it has none).
   *
   * @param e the failure
   * @return the description
   */
  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) return "idle timeout";
    if (e instanceof InterruptedIOException) return "timeout";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
