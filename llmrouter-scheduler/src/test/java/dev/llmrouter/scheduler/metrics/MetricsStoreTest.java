package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.testing.MutableClock;
import static dev.llmrouter.scheduler.metrics.Outcomes.of;
import static dev.llmrouter.scheduler.metrics.Outcomes.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final MetricsStore store = new MetricsStore(clock);

  private Instant ago(Duration d) {
    return NOW.minus(d);
  }

  @Test
  void timeWindowsCountRecordsStrictlyInsideEachWindow() {
    // Newest first: the 25h-old record shares a ring slot with "now" and must be ignored.
    Duration[] ages = {Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(14), Duration.ofMinutes(15),
        Duration.ofMinutes(16), Duration.ofMinutes(59), Duration.ofMinutes(61), Duration.ofHours(5),
        Duration.ofHours(7), Duration.ofHours(23), Duration.ofHours(25)};
    for (Duration age : ages) store.record(ok("c1", "k1", ago(age)));
    Series ch = store.channel(ApiKind.MESSAGES, "c1");
    assertEquals(3, ch.window(Duration.ofMinutes(15), NOW).requests());
    assertEquals(6, ch.window(Duration.ofHours(1), NOW).requests());
    assertEquals(8, ch.window(Duration.ofHours(6), NOW).requests());
    assertEquals(10, ch.window(Duration.ofHours(24), NOW).requests());
    assertEquals(11, ch.totals().requestCount());
    assertEquals(30, ch.window(Duration.ofMinutes(15), NOW).inputTokens());
    assertEquals(15, ch.window(Duration.ofMinutes(15), NOW).outputTokens());
  }

  @Test
  void cacheHitRateIsCacheReadOverCacheReadPlusInput() {
    store.record(of("c1", "k1", Result.SUCCESS, NOW, new Usage(100, 10, 50, 20, 0, false)));
    store.record(of("c1", "k1", Result.SUCCESS, ago(Duration.ofMinutes(2)), new Usage(200, 20, 0, 0, 0, true)));
    TrafficCounts w = store.channel(ApiKind.MESSAGES, "c1").window(Duration.ofMinutes(15), NOW);
    assertEquals(new TrafficCounts(2, 2, 0, 300, 30, 50, 20), w);
    assertEquals(50 * 100.0 / 350, w.cacheHitRate(), 1e-9);
    assertEquals(100.0, w.successRate(), 1e-9);
    assertEquals(0, TrafficCounts.ZERO.cacheHitRate());
    assertEquals(0, TrafficCounts.ZERO.successRate());
  }

  @Test
  void totalsCountCancelsOnlyAsRequestsAndClientErrorsAsFailures() {
    store.record(of("c1", "k1", Result.SUCCESS, ago(Duration.ofMinutes(3)), Usage.of(1, 1)));
    store.record(of("c1", "k1", Result.FAILURE, ago(Duration.ofMinutes(2)), Usage.NONE));
    store.record(of("c1", "k1", Result.FAILURE, ago(Duration.ofMinutes(1)), Usage.NONE));
    store.record(of("c1", "k1", Result.CLIENT_ERROR, NOW, Usage.NONE));
    store.record(of("c1", "k1", Result.CANCELLED, NOW, Usage.NONE));
    Totals t = store.key(ApiKind.MESSAGES, "c1", "fp-k1").totals();
    assertEquals(5, t.requestCount());
    assertEquals(1, t.successCount());
    assertEquals(3, t.failureCount());
    assertEquals(1, t.clientErrorCount());
    assertEquals(1, t.cancelledCount());
    assertEquals(2, t.consecutiveFailures());
    assertEquals(3, t.windowRequests());
    assertEquals(1, t.windowSuccesses());
    assertEquals(100.0 / 3, t.windowSuccessRate(), 1e-9);
    assertEquals(ago(Duration.ofMinutes(3)), t.lastSuccessAt());
    assertEquals(ago(Duration.ofMinutes(1)), t.lastFailureAt());
    TrafficCounts w = store.key(ApiKind.MESSAGES, "c1", "fp-k1").window(Duration.ofMinutes(15), NOW);
    assertEquals(4, w.requests());
    assertEquals(3, w.failures());
    assertEquals("mask-k1", store.key(ApiKind.MESSAGES, "c1", "fp-k1").keyMask());
    assertEquals("name-c1", store.channel(ApiKind.MESSAGES, "c1").channelName());
  }

  @Test
  void slidingWindowKeepsTheLastTenOutcomesAndASuccessResetsConsecutiveFailures() {
    for (int i = 0; i < 12; i++) store.record(of("c1", "k1", Result.FAILURE, NOW, Usage.NONE));
    Totals t = store.channel(ApiKind.MESSAGES, "c1").totals();
    assertEquals(10, t.windowRequests());
    assertEquals(0, t.windowSuccesses());
    assertEquals(12, t.consecutiveFailures());
    store.record(ok("c1", "k1", NOW));
    t = store.channel(ApiKind.MESSAGES, "c1").totals();
    assertEquals(0, t.consecutiveFailures());
    assertEquals(10, t.windowRequests());
    assertEquals(1, t.windowSuccesses());
    assertEquals(100, Totals.ZERO.windowSuccessRate());
  }

  @Test
  void channelTotalsIncludeEveryKeyTheChannelUsedAndKindsStaySeparate() {
    store.record(ok("c1", "current", NOW));
    store.record(ok("c1", "removed", NOW));
    store.record(of(ApiKind.RESPONSES, "c1", "current", Result.SUCCESS, NOW, Usage.NONE, 5, 1));
    assertEquals(2, store.channel(ApiKind.MESSAGES, "c1").totals().requestCount());
    assertEquals(1, store.channel(ApiKind.RESPONSES, "c1").totals().requestCount());
    assertEquals(2, store.kind(ApiKind.MESSAGES).totals().requestCount());
    assertEquals(0, store.kind(ApiKind.GEMINI).totals().requestCount());
    assertSame(Series.empty(), store.channel(ApiKind.GEMINI, "c1"));
    assertSame(Series.empty(), store.key(ApiKind.MESSAGES, "c1", "fp-unknown"));
    assertEquals(Totals.ZERO, Series.empty().totals());
  }

  @Test
  void historyBucketsFollowTheRangeAndTheLastBucketHoldsNow() {
    store.record(ok("c1", "k1", NOW));
    store.record(ok("c1", "k1", Instant.parse("2026-11-28T09:07:00Z")));
    store.record(ok("c1", "k1", Instant.parse("2026-11-28T09:06:59Z")));
    store.record(of("c1", "k1", Result.FAILURE, Instant.parse("2026-11-28T09:30:10Z"), Usage.NONE));
    store.record(ok("c1", "k1", Instant.parse("2026-11-28T09:30:50Z")));
    HistoryRange r = HistoryRange.of(Duration.ofHours(1), null, NOW);
    List<TrafficCounts> b = store.channel(ApiKind.MESSAGES, "c1").history(r);
    assertEquals(61, b.size());
    assertEquals(1, b.get(0).requests());
    assertEquals(2, b.get(23).requests());
    assertEquals(1, b.get(23).failures());
    assertEquals(50.0, b.get(23).successRate(), 1e-9);
    assertEquals(1, b.get(60).requests());
    long total = b.stream().mapToLong(TrafficCounts::requests).sum();
    assertEquals(4, total);
    assertEquals(61, Series.empty().history(r).size());
    assertEquals(TrafficCounts.ZERO, Series.empty().history(r).get(0));
    assertEquals(List.of(), store.channel(ApiKind.MESSAGES, "c1").history(HistoryRange.of(Duration.ZERO, null, NOW)));
  }

  @Test
  void historyOverADayWithManualIntervalSumsWholeBuckets() {
    for (int h = 0; h < 24; h++) store.record(ok("c1", "k1", NOW.minus(Duration.ofHours(h))));
    HistoryRange r = HistoryRange.of(Duration.ofHours(24), Duration.ofHours(2), NOW);
    List<TrafficCounts> b = store.kind(ApiKind.MESSAGES).history(r);
    assertEquals(13, b.size());
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), r.start());
    assertEquals(24, b.stream().mapToLong(TrafficCounts::requests).sum());
    assertEquals(1, b.get(0).requests()); // 11:07 yesterday
    assertEquals(2, b.get(1).requests());
    assertEquals(1, b.get(12).requests()); // 10:07 today
  }

  @Test
  void activityStripHasOneHundredFiftySegmentsAndRatesPerMinute() {
    store.record(of("c1", "k1", Result.SUCCESS, NOW, Usage.of(1, 50)));
    store.record(of("c1", "k2", Result.FAILURE, ago(Duration.ofMinutes(5)), Usage.of(1, 100)));
    store.record(of("c1", "k1", Result.SUCCESS, ago(Duration.ofMinutes(14)), Usage.of(1, 25)));
    store.record(of("c1", "k1", Result.SUCCESS, ago(Duration.ofMinutes(16)), Usage.of(1, 1000)));
    Activity a = store.channel(ApiKind.MESSAGES, "c1").activity(NOW);
    assertEquals(150, a.segments().size());
    assertEquals(3 / 15.0, a.rpm(), 1e-9);
    assertEquals(175 / 15.0, a.tpm(), 1e-9);
    assertEquals(new Activity.Segment(1, 1, 0, 1, 50), a.segments().get(149));
    assertEquals(new Activity.Segment(1, 0, 1, 1, 100), a.segments().get(149 - 50));
    assertEquals(new Activity.Segment(1, 1, 0, 1, 25), a.segments().get(149 - 140));
    assertEquals(Activity.empty(), Series.empty().activity(NOW));
    assertEquals(0, Activity.empty().rpm());
  }

  @Test
  void latencyPercentilesOfTheLastFifteenMinutes() {
    for (int i = 0; i < 50; i++) store.record(Outcomes.of(ApiKind.MESSAGES, "c1", "k", Result.SUCCESS, NOW, Usage.NONE, 5, 2));
    for (int i = 0; i < 45; i++) store.record(Outcomes.of(ApiKind.MESSAGES, "c1", "k", Result.SUCCESS, NOW, Usage.NONE, 7, -1));
    for (int i = 0; i < 5; i++) store.record(Outcomes.of(ApiKind.MESSAGES, "c1", "k", Result.FAILURE, NOW, Usage.NONE, 2000, 1500));
    store.record(Outcomes.of(ApiKind.MESSAGES, "c1", "k", Result.SUCCESS, ago(Duration.ofMinutes(20)), Usage.NONE, 90000, 1));
    LatencySummary l = store.channel(ApiKind.MESSAGES, "c1").latency(NOW);
    assertEquals(100, l.count());
    assertEquals(5, l.p50());
    assertEquals(7, l.p95());
    assertTrue(Math.abs(l.p99() - 2000) <= 2000 * 0.0625, "p99 " + l.p99());
    assertEquals(55, l.firstTokenCount());
    assertEquals(2, l.firstTokenP50());
    assertTrue(Math.abs(l.firstTokenP99() - 1500) <= 1500 * 0.0625, "ttft p99 " + l.firstTokenP99());
    assertEquals(LatencySummary.EMPTY, Series.empty().latency(NOW));
  }

  @Test
  void latencyBucketsAreExactBelowEightAndWithinOneSixteenthAbove() {
    for (long v = 0; v < 8; v++) assertEquals(v, LatencyHistogram.representative(LatencyHistogram.index(v)));
    for (long v = 8; v < 5_000_000; v = v * 11 / 10 + 1) {
      long rep = LatencyHistogram.representative(LatencyHistogram.index(v));
      assertTrue(Math.abs(rep - v) <= v / 16.0 + 1, v + " -> " + rep);
    }
    assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE));
  }

  @Test
  void restoreReplaysLikeLiveAndOldTotalsAddUp() {
    store.restore(of("c1", "k1", Result.FAILURE, ago(Duration.ofHours(2)), Usage.NONE));
    store.restore(of("c1", "k1", Result.FAILURE, ago(Duration.ofMinutes(1)), Usage.NONE));
    Totals t = store.channel(ApiKind.MESSAGES, "c1").totals();
    assertEquals(2, t.failureCount());
    assertEquals(2, t.windowRequests());
    assertEquals(2, t.consecutiveFailures());
    store.restoreTotals(ApiKind.MESSAGES, "c1", "name-c1", "fp-k1", "mask-k1", 10, 7, 2, 1, 1,
        ago(Duration.ofDays(3)).toEpochMilli(), Long.MIN_VALUE);
    t = store.key(ApiKind.MESSAGES, "c1", "fp-k1").totals();
    assertEquals(12, t.requestCount());
    assertEquals(7, t.successCount());
    assertEquals(4, t.failureCount());
    assertEquals(ago(Duration.ofDays(3)), t.lastSuccessAt());
    assertEquals(12, store.kind(ApiKind.MESSAGES).totals().requestCount());
    assertNull(store.kind(ApiKind.GEMINI).totals().lastSuccessAt());
  }

  @Test
  void idleSeriesAreEvicted() {
    store.record(ok("old", "k1", NOW));
    clock.advance(Duration.ofHours(49));
    store.record(ok("new", "k1", clock.instant()));
    assertEquals(3 + 4, store.seriesCount());
    assertEquals(2, store.evictIdle(Duration.ofHours(48)));
    assertEquals(3 + 2, store.seriesCount());
    assertSame(Series.empty(), store.channel(ApiKind.MESSAGES, "old"));
  }
}
