package dev.llmrouter.scheduler.metrics;

/**
 * Fixed-size latency histograms for the last 15 minutes: one pair (total time, time to first byte)
 * per minute in a ring of 15, each with {@link #BUCKETS} log-linear buckets of milliseconds (exact
 * below 8 ms, then 8 buckets per power of two up to about 24 days). Memory is fixed whatever the
 * traffic. Not thread-safe; {@link Series} guards it.
 */
final class LatencyHistogram {
  static final int BUCKETS = 8 + (31 - 3) * 8;
  static final int MINUTES = 15;

  private final long[] tags = new long[MINUTES];
  private final int[] total = new int[MINUTES * BUCKETS];
  private final int[] firstByte = new int[MINUTES * BUCKETS];

  LatencyHistogram() {
    java.util.Arrays.fill(tags, Long.MIN_VALUE);
  }

  /** The bucket of a value in milliseconds. */
  static int index(long ms) {
    if (ms < 8) return ms < 0 ? 0 : (int) ms;
    int e = 63 - Long.numberOfLeadingZeros(ms);
    int idx = 8 + (e - 3) * 8 + (int) ((ms >> (e - 3)) & 7);
    return Math.min(idx, BUCKETS - 1);
  }

  /** The middle of a bucket, in milliseconds (exact for buckets below 8 ms). */
  static long representative(int idx) {
    if (idx < 8) return idx;
    int e = (idx - 8) / 8 + 3;
    long lower = (8L + (idx - 8) % 8) << (e - 3);
    long width = 1L << (e - 3);
    return lower + (width - 1) / 2;
  }

  /** Adds one attempt; {@code firstByteMs} below 0 means none arrived. */
  void add(long minute, long totalMs, long firstByteMs) {
    int slot = (int) Math.floorMod(minute, (long) MINUTES);
    if (tags[slot] != minute) {
      if (tags[slot] > minute) return; // older than what the slot holds now: outside the ring
      tags[slot] = minute;
      java.util.Arrays.fill(total, slot * BUCKETS, (slot + 1) * BUCKETS, 0);
      java.util.Arrays.fill(firstByte, slot * BUCKETS, (slot + 1) * BUCKETS, 0);
    }
    total[slot * BUCKETS + index(totalMs)]++;
    if (firstByteMs >= 0) firstByte[slot * BUCKETS + index(firstByteMs)]++;
  }

  /** Percentiles over the 15 minutes ending with {@code nowMinute}. */
  LatencySummary summary(long nowMinute) {
    long[] t = new long[BUCKETS];
    long[] f = new long[BUCKETS];
    for (int slot = 0; slot < MINUTES; slot++) {
      long tag = tags[slot];
      if (tag <= nowMinute - MINUTES || tag > nowMinute) continue;
      for (int i = 0; i < BUCKETS; i++) {
        t[i] += total[slot * BUCKETS + i];
        f[i] += firstByte[slot * BUCKETS + i];
      }
    }
    long tc = sum(t);
    long fc = sum(f);
    return new LatencySummary(tc, percentile(t, tc, 0.50), percentile(t, tc, 0.95), percentile(t, tc, 0.99),
        fc, percentile(f, fc, 0.50), percentile(f, fc, 0.95), percentile(f, fc, 0.99));
  }

  private static long sum(long[] counts) {
    long n = 0;
    for (long c : counts) n += c;
    return n;
  }

  static long percentile(long[] counts, long n, double p) {
    if (n == 0) return 0;
    long rank = Math.max(1, (long) Math.ceil(p * n));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) return representative(i);
    }
    return representative(counts.length - 1);
  }
}
