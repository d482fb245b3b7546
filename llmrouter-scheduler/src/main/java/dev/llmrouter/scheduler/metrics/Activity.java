package dev.llmrouter.scheduler.metrics;

import java.util.List;

/**
 * The last 15 minutes in 150 segments of 6 seconds, oldest first, with requests and output tokens
 * per minute over the whole strip.
 *
 * @param segments exactly {@link #SEGMENTS} segments
 * @param rpm requests in the strip divided by 15
 * @param tpm output tokens in the strip divided by 15
 */
public record Activity(List<Segment> segments, double rpm, double tpm) {
  /** Number of segments. */
  public static final int SEGMENTS = 150;
  /** Length of one segment in seconds. */
  public static final int SEGMENT_SECONDS = 6;

  /**
   * Copies the segments.
   *
   * @param segments the segments, oldest first
   * @param rpm requests per minute
   * @param tpm output tokens per minute
   */
  public Activity {
    segments = List.copyOf(segments);
  }

  /** One 6-second segment. */
  public record Segment(long requests, long successes, long failures, long inputTokens, long outputTokens) {
    /** A segment without traffic. */
    public static final Segment ZERO = new Segment(0, 0, 0, 0, 0);
  }

  /**
   * 150 empty segments.
   *
   * @return an activity without traffic
   */
  public static Activity empty() {
    return new Activity(java.util.Collections.nCopies(SEGMENTS, Segment.ZERO), 0, 0);
  }
}
