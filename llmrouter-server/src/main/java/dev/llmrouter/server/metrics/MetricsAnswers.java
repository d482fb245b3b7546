package dev.llmrouter.server.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.scheduler.metrics.Activity;
import dev.llmrouter.scheduler.metrics.HistoryRange;
import dev.llmrouter.scheduler.metrics.LatencySummary;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import dev.llmrouter.scheduler.metrics.Series;
import dev.llmrouter.scheduler.metrics.Totals;
import dev.llmrouter.scheduler.metrics.TrafficCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the answers of the metrics routes from the {@link MetricsStore} and the channel list, with
 * the original's field names (channels are also named by their stable {@code channelId}). Keys
 * appear only masked or fingerprinted. Stateless apart from its inputs; thread-safe.
 */
final class MetricsAnswers {
  private static final String[] COLORS = {"#3b82f6", "#f97316", "#10b981", "#8b5cf6", "#ec4899"};
  private static final Map<String, Duration> WINDOWS = windows();

  private final MetricsStore store;
  private final Function<ApiKind, JsonObject> schedulerStats;

  /**
   * @param schedulerStats the dashboard's {@code stats} member per kind (the scheduler's state), or a
   *     function returning null to leave it out
   */
  MetricsAnswers(MetricsStore store, Function<ApiKind, JsonObject> schedulerStats) {
    this.store = store;
    this.schedulerStats = schedulerStats;
  }

  private static Map<String, Duration> windows() {
    Map<String, Duration> m = new java.util.LinkedHashMap<>();
    m.put("15m", Duration.ofMinutes(15));
    m.put("1h", Duration.ofHours(1));
    m.put("6h", Duration.ofHours(6));
    m.put("24h", Duration.ofHours(24));
    return m;
  }

  /** {@code GET /api/{k}/channels/metrics}: one item per channel, in list order. */
  JsonArray channelMetrics(ApiKind kind, ChannelSnapshot snapshot) {
    Instant now = store.clock().instant();
    JsonArray out = new JsonArray();
    List<Channel> channels = snapshot.channels(kind);
    for (int i = 0; i < channels.size(); i++) out.add(channelMetrics(kind, channels.get(i), i, now));
    return out;
  }

  private JsonObject channelMetrics(ApiKind kind, Channel c, int index, Instant now) {
    Series s = store.channel(kind, c.id());
    Totals t = s.totals();
    LatencySummary l = s.latency(now);
    double successRate = t.windowSuccessRate();
    JsonObject o = new JsonObject()
        .put("channelIndex", index)
        .put("channelId", c.id())
        .put("channelName", c.name())
        .put("requestCount", t.requestCount())
        .put("successCount", t.successCount())
        .put("failureCount", t.failureCount())
        .put("clientErrorCount", t.clientErrorCount())
        .put("cancelledCount", t.cancelledCount())
        .put("successRate", number(successRate))
        .put("errorRate", number(100 - successRate))
        .put("consecutiveFailures", t.consecutiveFailures())
        .put("latency", l.p50())
        .put("latencyPercentiles", latency(l));
    JsonArray keys = new JsonArray();
    for (String key : c.apiKeys()) {
      Series ks = store.key(kind, c.id(), Keys.fingerprint(key));
      if (ks == Series.empty()) continue;
      Totals kt = ks.totals();
      keys.add(new JsonObject()
          .put("keyMask", Keys.mask(key))
          .put("keyFingerprint", Keys.fingerprint(key))
          .put("requestCount", kt.requestCount())
          .put("successCount", kt.successCount())
          .put("failureCount", kt.failureCount())
          .put("successRate", number(kt.requestCount() == 0 ? 100 : kt.successCount() * 100.0 / kt.requestCount()))
          .put("consecutiveFailures", kt.consecutiveFailures()));
    }
    o.put("keyMetrics", keys.isEmpty() ? JsonNull.INSTANCE : keys);
    if (c.allBaseUrls().isEmpty() || c.apiKeys().isEmpty()) {
      o.put("timeWindows", JsonNull.INSTANCE);
    } else {
      JsonObject windows = new JsonObject();
      WINDOWS.forEach((name, span) -> windows.put(name, window(s.window(span, now))));
      o.put("timeWindows", windows);
    }
    if (t.lastSuccessAt() != null) o.put("lastSuccessAt", time(t.lastSuccessAt()));
    if (t.lastFailureAt() != null) o.put("lastFailureAt", time(t.lastFailureAt()));
    return o;
  }

  private static JsonObject window(TrafficCounts w) {
    JsonObject o = new JsonObject()
        .put("requestCount", w.requests())
        .put("successCount", w.successes())
        .put("failureCount", w.failures())
        .put("successRate", number(w.successRate()));
    // As in the original, token fields and the cache hit rate are left out when 0.
    if (w.inputTokens() > 0) o.put("inputTokens", w.inputTokens());
    if (w.outputTokens() > 0) o.put("outputTokens", w.outputTokens());
    if (w.cacheReadTokens() > 0) o.put("cacheReadTokens", w.cacheReadTokens());
    if (w.cacheCreationTokens() > 0) o.put("cacheCreationTokens", w.cacheCreationTokens());
    if (w.cacheHitRate() > 0) o.put("cacheHitRate", number(w.cacheHitRate()));
    return o;
  }

  private static JsonObject latency(LatencySummary l) {
    return new JsonObject()
        .put("window", "15m")
        .put("count", l.count())
        .put("p50", l.p50())
        .put("p95", l.p95())
        .put("p99", l.p99())
        .put("firstTokenCount", l.firstTokenCount())
        .put("firstTokenP50", l.firstTokenP50())
        .put("firstTokenP95", l.firstTokenP95())
        .put("firstTokenP99", l.firstTokenP99());
  }

  /** {@code GET /api/{k}/channels/metrics/history}: per channel, points stamped with the bucket start. */
  JsonArray channelHistory(ApiKind kind, ChannelSnapshot snapshot, HistoryParams p) {
    JsonArray out = new JsonArray();
    List<Channel> channels = snapshot.channels(kind);
    HistoryRange r = p.range();
    for (int i = 0; i < channels.size(); i++) {
      Channel c = channels.get(i);
      List<TrafficCounts> buckets = store.channel(kind, c.id()).history(r);
      JsonArray points = new JsonArray();
      for (int b = 0; b < buckets.size(); b++) {
        TrafficCounts t = buckets.get(b);
        points.add(new JsonObject()
            .put("timestamp", time(r.bucketStart(b)))
            .put("requestCount", t.requests())
            .put("successCount", t.successes())
            .put("failureCount", t.failures())
            .put("successRate", number(t.successRate())));
      }
      out.add(new JsonObject().put("channelIndex", i).put("channelId", c.id()).put("channelName", c.name())
          .put("dataPoints", points));
    }
    return out;
  }

  /** {@code GET /api/{k}/channels/{id}/keys/metrics/history}: at most 10 keys, points stamped with the bucket end. */
  JsonObject keyHistory(ApiKind kind, Channel c, int index, HistoryParams p) {
    JsonArray keys = new JsonArray();
    List<String> shown = selectKeys(kind, c);
    for (int i = 0; i < shown.size(); i++) {
      String key = shown.get(i);
      String fp = Keys.fingerprint(key);
      keys.add(new JsonObject()
          .put("keyMask", Keys.mask(key))
          .put("keyFingerprint", fp)
          .put("color", COLORS[i % COLORS.length])
          .put("dataPoints", tokenPoints(store.key(kind, c.id(), fp).history(p.range()), p.range())));
    }
    return new JsonObject().put("channelIndex", index).put("channelId", c.id()).put("channelName", c.name())
        .put("keys", keys);
  }

  /**
   * The keys shown in a key history: all when there are 10 or fewer; otherwise the 5 used most
   * recently, then the 5 with the most requests among the rest.
   */
  private List<String> selectKeys(ApiKind kind, Channel c) {
    record Ranked(String key, Instant lastUsed, long requests, int position) {}
    List<Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < c.apiKeys().size(); i++) {
      String key = c.apiKeys().get(i);
      Totals t = store.key(kind, c.id(), Keys.fingerprint(key)).totals();
      ranked.add(new Ranked(key, t.lastUsedAt(), t.requestCount(), i));
    }
    if (ranked.size() <= 10) return c.apiKeys();
    Comparator<Ranked> byRecency = Comparator.comparing((Ranked r) -> r.lastUsed() == null)
        .thenComparing(r -> r.lastUsed() == null ? Instant.EPOCH : r.lastUsed(), Comparator.reverseOrder())
        .thenComparing(Ranked::requests, Comparator.reverseOrder())
        .thenComparing(Ranked::position);
    ranked.sort(byRecency);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) out.add(ranked.get(i).key());
    List<Ranked> rest = new ArrayList<>(ranked.subList(5, ranked.size()));
    rest.sort(Comparator.comparing(Ranked::requests, Comparator.reverseOrder()).thenComparing(Ranked::position));
    for (int i = 0; i < 5; i++) out.add(rest.get(i).key());
    return out;
  }

  /** {@code GET /api/{k}/global/stats/history}: the whole kind, with a summary. */
  JsonObject globalHistory(ApiKind kind, HistoryParams p) {
    List<TrafficCounts> buckets = store.kind(kind).history(p.range());
    TrafficCounts sum = TrafficCounts.ZERO;
    for (TrafficCounts t : buckets) sum = sum.plus(t);
    JsonObject summary = new JsonObject()
        .put("totalRequests", sum.requests())
        .put("totalSuccess", sum.successes())
        .put("totalFailure", sum.failures())
        .put("totalInputTokens", sum.inputTokens())
        .put("totalOutputTokens", sum.outputTokens())
        .put("totalCacheCreationTokens", sum.cacheCreationTokens())
        .put("totalCacheReadTokens", sum.cacheReadTokens())
        .put("avgSuccessRate", number(sum.successRate()))
        .put("duration", p.label());
    return new JsonObject().put("dataPoints", tokenPoints(buckets, p.range())).put("summary", summary);
  }

  private JsonArray tokenPoints(List<TrafficCounts> buckets, HistoryRange r) {
    JsonArray points = new JsonArray();
    for (int b = 0; b < buckets.size(); b++) {
      TrafficCounts t = buckets.get(b);
      points.add(new JsonObject()
          .put("timestamp", time(r.bucketEnd(b)))
          .put("requestCount", t.requests())
          .put("successCount", t.successes())
          .put("failureCount", t.failures())
          .put("successRate", number(t.successRate()))
          .put("inputTokens", t.inputTokens())
          .put("outputTokens", t.outputTokens())
          .put("cacheCreationTokens", t.cacheCreationTokens())
          .put("cacheReadTokens", t.cacheReadTokens()));
    }
    return points;
  }

  /**
   * {@code GET /api/{k}/channels/dashboard}: channels (keys masked), metrics, scheduler stats (when
   * the scheduler provides them) and the activity strips, in one answer.
   */
  JsonObject dashboard(ApiKind kind, ChannelSnapshot snapshot) {
    Instant now = store.clock().instant();
    List<Channel> channels = snapshot.channels(kind);
    JsonArray views = new JsonArray();
    JsonArray activity = new JsonArray();
    for (int i = 0; i < channels.size(); i++) {
      Channel c = channels.get(i);
      views.add(ChannelViews.view(kind, c, i));
      Activity a = c.allBaseUrls().isEmpty() || c.apiKeys().isEmpty() ? Activity.empty()
          : store.channel(kind, c.id()).activity(now);
      JsonArray segments = new JsonArray();
      for (Activity.Segment s : a.segments()) {
        segments.add(new JsonObject()
            .put("requestCount", s.requests())
            .put("successCount", s.successes())
            .put("failureCount", s.failures())
            .put("inputTokens", s.inputTokens())
            .put("outputTokens", s.outputTokens()));
      }
      activity.add(new JsonObject().put("channelIndex", i).put("channelId", c.id()).put("segments", segments)
          .put("rpm", number(a.rpm())).put("tpm", number(a.tpm())));
    }
    String lbName = kind == ApiKind.MESSAGES ? "loadBalance" : kind.pathName() + "LoadBalance";
    String lb = snapshot.extra().getString(lbName, "failover");
    JsonObject out = new JsonObject()
        .put("channels", views)
        .put("loadBalance", lb)
        .put("metrics", channelMetrics(kind, snapshot));
    // The scheduler's state (breakers, affinity, ...) goes here once the scheduler provides it.
    JsonObject stats = schedulerStats.apply(kind);
    if (stats != null) out.put("stats", stats);
    return out.put("recentActivity", activity);
  }

  private String time(Instant t) {
    ZoneId zone = store.clock().getZone();
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
  }

  private static JsonValue number(double v) {
    return JsonNumber.of(v);
  }
}
