package dev.llmrouter.providers.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** Describes IO failures for outcomes and client error events, without secrets. Stateless. */
final class Failures {
  private Failures() {}

  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) return "idle timeout";
    if (e instanceof InterruptedIOException) return "timeout";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
