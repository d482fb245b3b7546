package dev.llmrouter.scheduler.metrics;

import java.time.Instant;

/**
 * Counters of a series since it was first seen (after a restart: since the oldest row kept on
 * disk), and its recent window.
 *
 * @param requestCount every attempt, cancelled ones included
 * @param successCount attempts that succeeded
 * @param failureCount attempts that failed, relayed client errors included
 * @param clientErrorCount attempts the upstream refused as the client's fault (part of failureCount)
 * @param cancelledCount attempts the client abandoned
 * @param consecutiveFailures upstream failures since the last success
 * @param windowRequests successes and failures among the last outcomes (the sliding window)
 * @param windowSuccesses successes in the sliding window
 * @param lastSuccessAt the last success, or null
 * @param lastFailureAt the last upstream failure, or null
 */
public record Totals(
    long requestCount,
    long successCount,
    long failureCount,
    long clientErrorCount,
    long cancelledCount,
    int consecutiveFailures,
    int windowRequests,
    int windowSuccesses,
    Instant lastSuccessAt,
    Instant lastFailureAt) {

  /** No traffic. */
  public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, null, null);

  /**
   * Success rate of the sliding window in percent; 100 when it is empty.
   *
   * @return the rate, 0 to 100
   */
  public double windowSuccessRate() {
    return windowRequests == 0 ? 100 : windowSuccesses * 100.0 / windowRequests;
  }

  /**
   * Success rate over all counted requests in percent (cancelled ones excluded); 100 when none.
   *
   * @return the rate, 0 to 100
   */
  public double successRate() {
    long decided = successCount + failureCount;
    return decided == 0 ? 100 : successCount * 100.0 / decided;
  }

  /**
   * The later of the last success and the last failure, or null.
   *
   * @return the time, or null
   */
  public Instant lastUsedAt() {
    if (lastSuccessAt == null) return lastFailureAt;
    if (lastFailureAt == null) return lastSuccessAt;
    return lastSuccessAt.isAfter(lastFailureAt) ? lastSuccessAt : lastFailureAt;
  }
}
