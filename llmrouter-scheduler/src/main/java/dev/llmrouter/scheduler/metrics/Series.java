package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The metrics of one scope: a whole kind, one channel, or one key of a channel. Holds counters, a
 * sliding window of the last outcomes, per-minute sums for 25 hours, 6-second segments for the
 * activity strip and latency histograms for 15 minutes, all of fixed size, so memory does not grow
 * with traffic. This class is thread-safe: one thread records, any thread reads.
 */
public final class Series {
  private static final Series EMPTY = new Series(null, null, null, 1);

  private final ApiKind kind;
  private final String channelId;
  private final String keyFingerprint;
  private volatile String channelName = "";
  private volatile String keyMask = "";

  private long requests;
  private long successes;
  private long failures;
  private long clientErrors;
  private long cancelled;
  private int consecutiveFailures;
  private long lastSuccessMs = Long.MIN_VALUE;
  private long lastFailureMs = Long.MIN_VALUE;
  private long lastSeenMs = Long.MIN_VALUE;
  private final boolean[] window;
  private int windowCount;
  private int windowNext;
  private TrafficRing minutes;
  private TrafficRing segments;
  private LatencyHistogram latency;

  Series(ApiKind kind, String channelId, String keyFingerprint, int windowSize) {
    this.kind = kind;
    this.channelId = channelId;
    this.keyFingerprint = keyFingerprint;
    this.window = new boolean[windowSize];
  }

  /**
   * A series with no data.
   *
   * @return an empty series
   */
  public static Series empty() {
    return EMPTY;
  }

  /**
   * The kind, or null for {@link #empty()}.
   *
   * @return the kind, or null
   */
  public ApiKind kind() { return kind; }

  /**
   * The channel id, or null for a kind-wide series.
   *
   * @return the channel id, or null
   */
  public String channelId() { return channelId; }

  /**
   * The key's fingerprint, or null for a channel-wide or kind-wide series.
   *
   * @return the fingerprint, or null
   */
  public String keyFingerprint() { return keyFingerprint; }

  /**
   * The channel's name as last seen in an outcome.
   *
   * @return the name, or null
   */
  public String channelName() { return channelName; }

  /**
   * The key's mask as last seen in an outcome.
   *
   * @return the mask, or null
   */
  public String keyMask() { return keyMask; }

  /** Adds one outcome. */
  synchronized void record(AttemptOutcome o) {
    if (o.channelName() != null && channelId != null) channelName = o.channelName();
    if (o.keyMask() != null && keyFingerprint != null) keyMask = o.keyMask();
    long at = o.at().toEpochMilli();
    lastSeenMs = Math.max(lastSeenMs, at);
    requests++;
    AttemptOutcome.Result result = o.result();
    if (result == AttemptOutcome.Result.CANCELLED) {
      cancelled++;
      return;
    }
    long success = 0;
    long failure = 0;
    if (result == AttemptOutcome.Result.SUCCESS) {
      successes++;
      success = 1;
      lastSuccessMs = Math.max(lastSuccessMs, at);
      consecutiveFailures = 0;
      addToWindow(true);
    } else if (result == AttemptOutcome.Result.FAILURE) {
      failures++;
      failure = 1;
      lastFailureMs = Math.max(lastFailureMs, at);
      consecutiveFailures++;
      addToWindow(false);
    } else {
      failures++;
      clientErrors++;
      failure = 1;
    }
    Usage u = o.usage() == null ? Usage.NONE : o.usage();
    long minute = Math.floorDiv(at, 60_000L);
    if (minutes == null) minutes = TrafficRing.minutes();
    minutes.add(minute, 1, success, failure, u.inputTokens(), u.outputTokens(), u.cacheReadTokens(),
        u.cacheCreationTokens());
    if (segments == null) segments = TrafficRing.segments();
    segments.add(Math.floorDiv(at, Activity.SEGMENT_SECONDS * 1000L), 1, success, failure, u.inputTokens(),
        u.outputTokens(), u.cacheReadTokens(), u.cacheCreationTokens());
    if (latency == null) latency = new LatencyHistogram();
    latency.add(minute, o.totalNanos() / 1_000_000L, o.firstByteNanos() < 0 ? -1 : o.firstByteNanos() / 1_000_000L);
  }

  /** Adds counters of outcomes too old for the time buckets (restoring from disk). */
  synchronized void addTotals(long requestCount, long successCount, long failureCount, long clientErrorCount,
      long cancelledCount, long lastSuccess, long lastFailure, String name, String mask) {
    requests += requestCount;
    successes += successCount;
    failures += failureCount;
    clientErrors += clientErrorCount;
    cancelled += cancelledCount;
    lastSuccessMs = Math.max(lastSuccessMs, lastSuccess);
    lastFailureMs = Math.max(lastFailureMs, lastFailure);
    lastSeenMs = Math.max(lastSeenMs, Math.max(lastSuccess, lastFailure));
    if (name != null && channelId != null && channelName.isEmpty()) channelName = name;
    if (mask != null && keyFingerprint != null && keyMask.isEmpty()) keyMask = mask;
  }

  private void addToWindow(boolean ok) {
    window[windowNext] = ok;
    windowNext = (windowNext + 1) % window.length;
    if (windowCount < window.length) windowCount++;
  }

  /**
   * Counters and the sliding window.
   *
   * @return a snapshot of the counters
   */
  public synchronized Totals totals() {
    int ok = 0;
    for (int i = 0; i < windowCount; i++) {
      if (window[i]) ok++;
    }
    return new Totals(requests, successes, failures, clientErrors, cancelled, consecutiveFailures, windowCount, ok,
        lastSuccessMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastSuccessMs),
        lastFailureMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastFailureMs));
  }

  /**
   * Sums over the last {@code span} up to {@code now}: the minutes {@code (now - span, now]}, counted
   * whole, so a 15-minute window holds the current minute and the 14 before it.
   *
   * @param span the window length
   * @param now the end of the window
   * @return the sums
   */
  public synchronized TrafficCounts window(Duration span, Instant now) {
    if (minutes == null) return TrafficCounts.ZERO;
    long nowMinute = Math.floorDiv(now.toEpochMilli(), 60_000L);
    return minutes.sum(nowMinute - span.toMinutes() + 1, nowMinute + 1);
  }

  /**
   * Sums per bucket of a history range; see {@link HistoryRange}.
   *
   * @param range the buckets
   * @return one sum per bucket
   */
  public synchronized List<TrafficCounts> history(HistoryRange range) {
    if (range.count() == 0) return List.of();
    if (minutes == null) return java.util.Collections.nCopies(range.count(), TrafficCounts.ZERO);
    return minutes.buckets(Math.floorDiv(range.start().toEpochMilli(), 60_000L), range.interval().toMinutes(),
        range.count());
  }

  /**
   * The activity strip of the 15 minutes before the end of the current 6-second segment.
   *
   * @param now the current time
   * @return the strip
   */
  public synchronized Activity activity(Instant now) {
    if (segments == null) return Activity.empty();
    return segments.activity(Math.floorDiv(now.getEpochSecond(), Activity.SEGMENT_SECONDS) + 1);
  }

  /**
   * Latency percentiles of the last 15 minutes.
   *
   * @param now the current time
   * @return the percentiles
   */
  public synchronized LatencySummary latency(Instant now) {
    if (latency == null) return LatencySummary.EMPTY;
    return latency.summary(Math.floorDiv(now.toEpochMilli(), 60_000L));
  }

  /** When this series last saw an outcome (epoch ms), or {@link Long#MIN_VALUE}. */
  synchronized long lastSeenMs() {
    return lastSeenMs;
  }

  /** How many fixed-size rings this series holds (for memory accounting). */
  synchronized int rings() {
    return (minutes == null ? 0 : 1) + (segments == null ? 0 : 1) + (latency == null ? 0 : 1);
  }
}
