package dev.llmrouter.scheduler.metrics;

/**
 * Request and token sums over a span of time (one history bucket, one time window). A request is an
 * attempt that ended in success, failure or a client error; cancelled attempts are not counted here.
 *
 * @param requests attempts that ended in success, failure or a client error
 * @param successes attempts that succeeded
 * @param failures attempts that failed (upstream faults and relayed client errors)
 * @param inputTokens input tokens, cache reads and writes excluded
 * @param outputTokens output tokens
 * @param cacheReadTokens tokens read from the prompt cache
 * @param cacheCreationTokens tokens written to the prompt cache
 */
public record TrafficCounts(
    long requests,
    long successes,
    long failures,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheCreationTokens) {

  /** No traffic. */
  public static final TrafficCounts ZERO = new TrafficCounts(0, 0, 0, 0, 0, 0, 0);

  /**
   * Successes per request in percent, 0 when there were no requests.
   *
   * @return the rate, 0 to 100
   */
  public double successRate() {
    return requests == 0 ? 0 : successes * 100.0 / requests;
  }

  /**
   * {@code cacheRead / (cacheRead + input)} in percent, 0 when both are 0.
   *
   * @return the rate, 0 to 100
   */
  public double cacheHitRate() {
    long denominator = cacheReadTokens + inputTokens;
    return denominator == 0 ? 0 : cacheReadTokens * 100.0 / denominator;
  }

  /**
   * The sum of this and another.
   *
   * @param o the other counts
   * @return the sums
   */
  public TrafficCounts plus(TrafficCounts o) {
    return new TrafficCounts(requests + o.requests, successes + o.successes, failures + o.failures,
        inputTokens + o.inputTokens, outputTokens + o.outputTokens, cacheReadTokens + o.cacheReadTokens,
        cacheCreationTokens + o.cacheCreationTokens);
  }
}
