package dev.llmrouter.scheduler.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-minute request and token sums for the last {@link #MINUTES} minutes (25 hours: a day plus the
 * slack that interval alignment needs). Fixed size whatever the traffic. Not thread-safe;
 * {@link Series} guards it.
 */
final class MinuteRing {
  static final int MINUTES = 25 * 60;
  private static final int FIELDS = 7;

  private final long[] tags = new long[MINUTES];
  private final long[] data = new long[MINUTES * FIELDS];

  MinuteRing() {
    Arrays.fill(tags, Long.MIN_VALUE);
  }

  void add(long minute, long requests, long successes, long failures, long input, long output, long cacheRead,
      long cacheCreation) {
    int slot = (int) Math.floorMod(minute, (long) MINUTES);
    if (tags[slot] != minute) {
      if (tags[slot] > minute) return; // older than the ring reaches
      tags[slot] = minute;
      Arrays.fill(data, slot * FIELDS, (slot + 1) * FIELDS, 0);
    }
    int o = slot * FIELDS;
    data[o] += requests;
    data[o + 1] += successes;
    data[o + 2] += failures;
    data[o + 3] += input;
    data[o + 4] += output;
    data[o + 5] += cacheRead;
    data[o + 6] += cacheCreation;
  }

  /** Sums of the minutes {@code [from, to)}. */
  TrafficCounts sum(long fromMinute, long toMinute) {
    long[] acc = new long[FIELDS];
    for (long m = Math.max(fromMinute, toMinute - MINUTES); m < toMinute; m++) {
      int slot = (int) Math.floorMod(m, (long) MINUTES);
      if (tags[slot] != m) continue;
      for (int f = 0; f < FIELDS; f++) acc[f] += data[slot * FIELDS + f];
    }
    return counts(acc);
  }

  /** Sums of {@code count} consecutive buckets of {@code interval} minutes starting at {@code start}. */
  List<TrafficCounts> buckets(long startMinute, long intervalMinutes, int count) {
    List<TrafficCounts> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long from = startMinute + i * intervalMinutes;
      out.add(sum(from, from + intervalMinutes));
    }
    return out;
  }

  private static TrafficCounts counts(long[] a) {
    return new TrafficCounts(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
  }
}
