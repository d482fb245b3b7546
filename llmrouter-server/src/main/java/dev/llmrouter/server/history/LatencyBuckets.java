package dev.llmrouter.server.history;

import java.util.List;

/**
 * Latency percentiles of total time per time bucket, read from the kept history of one kind (and
 * optionally one channel). Cancelled attempts are left out, as in the 15-minute figures. Immutable.
 *
 * @param buckets one per bucket, oldest first
 * @param all the percentiles over every bucket
 * @param complete false when the range held more rows than are read at once; the oldest buckets are
 *     then empty or partial
 */
public record LatencyBuckets(List<Bucket> buckets, Bucket all, boolean complete) {
  public LatencyBuckets {
    buckets = List.copyOf(buckets);
  }

  /**
   * The figures of one bucket, in milliseconds (exact nearest-rank percentiles).
   *
   * @param count attempts in the bucket
   * @param p50 median total time, or -1 when {@code count} is 0
   * @param p95 95th percentile of total time, or -1 when {@code count} is 0
   */
  public record Bucket(int count, long p50, long p95) {}
}
