package dev.llmrouter.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations by the second in which they ended, for the scale test's time line: how many first bytes
 * and events arrived in each second, and how late the events were. Each second keeps a histogram of
 * bins 10 % wide (from 1 us to over 100 s), so percentiles are within 10 %. Thread-safe and
 * lock-free: thousands of streams record into it at once.
 */
final class Timeline {
  private static final int BINS = 200;
  private static final double GROWTH = Math.log(1.1);

  private final long start;
  private final AtomicLongArray[] events;
  private final AtomicLongArray firstBytes;

  Timeline(int seconds) {
    this.start = System.nanoTime();
    this.events = new AtomicLongArray[seconds];
    for (int i = 0; i < seconds; i++) events[i] = new AtomicLongArray(BINS);
    this.firstBytes = new AtomicLongArray(seconds);
  }

  /** Records an event that arrived now, {@code delayNanos} after the mock sent it. */
  void event(long delayNanos) {
    int s = second();
    if (s < events.length) events[s].incrementAndGet(bin(delayNanos));
  }

  /** Records a stream's first byte arriving now. */
  void firstByte() {
    int s = second();
    if (s < firstBytes.length()) firstBytes.incrementAndGet(s);
  }

  private int second() {
    return (int) ((System.nanoTime() - start) / 1_000_000_000L);
  }

  private static int bin(long nanos) {
    double micros = Math.max(1.0, nanos / 1000.0);
    return Math.min(BINS - 1, (int) (Math.log(micros) / GROWTH));
  }

  /** The upper bound in milliseconds of a bin. */
  private static double binMillis(int bin) {
    return Math.exp((bin + 1) * GROWTH) / 1000.0;
  }

  /** Prints one line per second that saw a first byte or an event. */
  void print(PrintStream out) {
    out.println("time line (s since the streams were opened: first bytes, events, event delay p50/p99/max ms)");
    for (int s = 0; s < events.length; s++) {
      long n = 0;
      for (int b = 0; b < BINS; b++) n += events[s].get(b);
      if (n == 0 && firstBytes.get(s) == 0) continue;
      out.printf(Locale.ROOT, "  %3d  %5d  %6d  %s / %s / %s%n", s, firstBytes.get(s), n, pct(s, n, 0.50),
          pct(s, n, 0.99), pct(s, n, 1.0));
    }
  }

  private String pct(int s, long n, double p) {
    if (n == 0) return "-";
    long rank = Math.max(1, (long) Math.ceil(p * n));
    long seen = 0;
    for (int b = 0; b < BINS; b++) {
      seen += events[s].get(b);
      if (seen >= rank) return Bench.fmt(binMillis(b));
    }
    return "-";
  }
}
