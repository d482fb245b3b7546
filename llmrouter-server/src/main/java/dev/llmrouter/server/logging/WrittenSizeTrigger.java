package dev.llmrouter.server.logging;

import ch.qos.logback.core.rolling.LengthCounter;
import ch.qos.logback.core.rolling.TriggeringPolicyBase;
import java.io.File;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rolls the log file over once it holds {@code maxBytes}, counting what the appender writes instead
 * of asking the file system: the rolling appender starts the count at the file's length when it
 * opens it and adds every line it writes, so the size is known on every line without a
 * {@code stat} of the file per line (which logback's size policy makes when told to look on every
 * line; in this VM that system call was 1 % of the server's CPU under load). The count starts again
 * at each rollover, as the new file is empty. Thread-safe.
 *
 * @param <E> the logging event type
 */
final class WrittenSizeTrigger<E> extends TriggeringPolicyBase<E> {
  private final long maxBytes;
  private final Counter written = new Counter();

  WrittenSizeTrigger(long maxBytes) {
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  public boolean isTriggeringEvent(File activeFile, E event) {
    if (written.getLength() < maxBytes) return false;
    written.reset();
    return true;
  }

  @Override
  public LengthCounter getLengthCounter() {
    return written;
  }

  private static final class Counter implements LengthCounter {
    private final AtomicLong bytes = new AtomicLong();

    @Override
    public void add(long count) {
      bytes.addAndGet(count);
    }

    @Override
    public long getLength() {
      return bytes.get();
    }

    @Override
    public void reset() {
      bytes.set(0);
    }
  }
}
