package dev.llmrouter.scheduler.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-6-second sums for the activity strip: a ring slightly longer than its 150 segments. Fixed size
 * whatever the traffic. Not thread-safe; {@link Series} guards it.
 */
final class SegmentRing {
  private static final int SLOTS = Activity.SEGMENTS + 10;
  private static final int FIELDS = 5;

  private final long[] tags = new long[SLOTS];
  private final long[] data = new long[SLOTS * FIELDS];

  SegmentRing() {
    Arrays.fill(tags, Long.MIN_VALUE);
  }

  void add(long segment, long requests, long successes, long failures, long input, long output) {
    int slot = (int) Math.floorMod(segment, (long) SLOTS);
    if (tags[slot] != segment) {
      if (tags[slot] > segment) return;
      tags[slot] = segment;
      Arrays.fill(data, slot * FIELDS, (slot + 1) * FIELDS, 0);
    }
    int o = slot * FIELDS;
    data[o] += requests;
    data[o + 1] += successes;
    data[o + 2] += failures;
    data[o + 3] += input;
    data[o + 4] += output;
  }

  /** The 150 segments ending before {@code endSegment} (exclusive), oldest first. */
  Activity activity(long endSegment) {
    List<Activity.Segment> segments = new ArrayList<>(Activity.SEGMENTS);
    long requests = 0;
    long output = 0;
    for (long s = endSegment - Activity.SEGMENTS; s < endSegment; s++) {
      int slot = (int) Math.floorMod(s, (long) SLOTS);
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
