package dev.llmrouter.scheduler.metrics;

/**
 * Latency percentiles over the last 15 minutes, in milliseconds. Values come from a histogram with
 * 8 buckets per power of two, so they are within 6.25% of the exact percentile (exact below 8 ms).
 *
 * @param count attempts measured (every non-cancelled attempt)
 * @param p50 median total time
 * @param p95 95th percentile of total time
 * @param p99 99th percentile of total time
 * @param firstTokenCount attempts with a first byte (headers, or the first event of a stream)
 * @param firstTokenP50 median time to first byte
 * @param firstTokenP95 95th percentile of time to first byte
 * @param firstTokenP99 99th percentile of time to first byte
 */
public record LatencySummary(
    long count, long p50, long p95, long p99,
    long firstTokenCount, long firstTokenP50, long firstTokenP95, long firstTokenP99) {

  /** The summary of no requests. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
}
