package dev.llmrouter.scheduler.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Request and token sums per time slot (a minute, a 6-second segment) for the last {@code slots} slots.
 * Fixed size whatever the traffic: a slot is reused when its time comes round again, and a value older
 * than the ring reaches is dropped. Used at two sizes: {@link #minutes()} for windows and history,
 * {@link #segments()} for the activity strip. Not thread-safe; {@link Series} guards it.
 */
final class TrafficRing {
  /** Minutes the minute ring holds: 25 hours, a day plus the slack that interval alignment needs. */
  static final int MINUTES = 25 * 60;
  /** Segments the segment ring holds: slightly more than the strip's 150. */
  static final int SEGMENT_SLOTS = Activity.SEGMENTS + 10;
  private static final int FIELDS = 7;

  private final int slots;
  private final long[] tags;
  private final long[] data;

  private TrafficRing(int slots) {
    this.slots = slots;
    this.tags = new long[slots];
    this.data = new long[slots * FIELDS];
    Arrays.fill(tags, Long.MIN_VALUE);
  }

  /** A ring of per-minute sums for {@link #MINUTES} minutes. */
  static TrafficRing minutes() {
    return new TrafficRing(MINUTES);
  }

  /** A ring of per-segment sums for the activity strip. */
  static TrafficRing segments() {
    return new TrafficRing(SEGMENT_SLOTS);
  }

  void add(long tag, long requests, long successes, long failures, long input, long output, long cacheRead,
      long cacheCreation) {
    int slot = (int) Math.floorMod(tag, (long) slots);
    if (tags[slot] != tag) {
      if (tags[slot] > tag) return; // older than the ring reaches
      tags[slot] = tag;
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

  /** Sums of the slots {@code [from, to)}. */
  TrafficCounts sum(long from, long to) {
    long[] acc = new long[FIELDS];
    for (long t = Math.max(from, to - slots); t < to; t++) {
      int slot = (int) Math.floorMod(t, (long) slots);
      if (tags[slot] != t) continue;
      for (int f = 0; f < FIELDS; f++) acc[f] += data[slot * FIELDS + f];
    }
    return new TrafficCounts(acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6]);
  }

  /** Sums of {@code count} consecutive buckets of {@code interval} slots starting at {@code start}. */
  List<TrafficCounts> buckets(long start, long interval, int count) {
    List<TrafficCounts> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long from = start + i * interval;
      out.add(sum(from, from + interval));
    }
    return out;
  }

  /** The 150 segments ending before {@code endSegment} (exclusive), oldest first. */
  Activity activity(long endSegment) {
    List<Activity.Segment> segments = new ArrayList<>(Activity.SEGMENTS);
    long requests = 0;
    long output = 0;
    for (long s = endSegment - Activity.SEGMENTS; s < endSegment; s++) {
      int slot = (int) Math.floorMod(s, (long) slots);
      if (tags[slot] != s) {
        segments.add(Activity.Segment.ZERO);
        continue;
      }
      int o = slot * FIELDS;
      segments.add(new Activity.Segment(data[o], data[o + 1], data[o + 2], data[o + 3], data[o + 4]));
      requests += data[o];
      output += data[o + 4];
    }
    return new Activity(segments, requests / 15.0, output / 15.0);
  }
}
