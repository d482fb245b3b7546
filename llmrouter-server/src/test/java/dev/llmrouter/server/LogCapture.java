package dev.llmrouter.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Copies everything written to {@code System.err} (where the tests' Logback console logs) while open, so tests can
 * assert on log lines and wait for one to appear. Restores the stream on close.
 */
final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  LogCapture() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (LogCapture.this) {
          buffer.write(b);
          LogCapture.this.notifyAll();
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        synchronized (LogCapture.this) {
          buffer.write(b, off, len);
          LogCapture.this.notifyAll();
        }
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  synchronized String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Waits until the captured text satisfies the condition, or the timeout passes. */
  synchronized boolean await(Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(text())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
