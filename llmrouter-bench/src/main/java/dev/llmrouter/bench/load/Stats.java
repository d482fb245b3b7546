package dev.llmrouter.bench.load;

import java.util.Arrays;

/** A bounded recorder of durations in nanoseconds with exact percentiles. Thread-confined. */
final class Stats {
  private long[] values;
  private int size;
  private final int cap;

  Stats(int cap) {
    this.cap = cap;
    this.values = new long[Math.min(cap, 16)];
  }

  void add(long nanos) {
    if (size == cap) return;
    if (size == values.length) values = Arrays.copyOf(values, Math.min(cap, values.length * 2));
    values[size++] = nanos;
  }

  void addAll(Stats other) {
    for (int i = 0; i < other.size; i++) add(other.values[i]);
  }

  int count() {
    return size;
  }

  /** The p-th percentile (0-100) in milliseconds, or NaN when empty. */
  double percentileMillis(double p) {
    if (size == 0) return Double.NaN;
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, idx))] / 1e6;
  }
}
