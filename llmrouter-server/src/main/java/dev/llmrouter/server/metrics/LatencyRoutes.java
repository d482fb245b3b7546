package dev.llmrouter.server.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.scheduler.metrics.GoDurations;
import dev.llmrouter.scheduler.metrics.HistoryRange;
import dev.llmrouter.server.history.HistoryStore;
import dev.llmrouter.server.history.LatencyBuckets;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Latency history, behind the admin key: {@code GET /api/{k}/channels/latency?duration=&interval=&channel=}
 * answers p50 and p95 of total time per bucket (the buckets of the other history routes: {@code duration}
 * a Go duration or {@code today}, 24 hours at most), for every channel of the kind or for one
 * ({@code channel}: its id, or its list position when purely numeric; 404 when unknown). Figures come
 * from the SQLite history: when persistence is off the answer says so ({@code "persisted": false},
 * no points). Thread-safe.
 */
public final class LatencyRoutes implements RouteSet {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HistoryStore history;
  private final Supplier<ChannelSnapshot> channels;
  private final Clock clock;

  public LatencyRoutes(HistoryStore history, Supplier<ChannelSnapshot> channels, Clock clock) {
    this.history = Objects.requireNonNull(history, "history");
    this.channels = Objects.requireNonNull(channels, "channels");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (!path.startsWith("/api/")) return false;
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != 4 || !parts[2].equals("channels") || !parts[3].equals("latency")) return false;
    ApiKind kind = ApiKind.ofPathName(parts[1]);
    if (kind == null) return false;
    if (!ctx.requireAdminGet(exchange, method)) return true;
    ctx.dispatch(exchange, Protocol.OPENAI_CHAT, () -> {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      answer(exchange, kind);
    });
    return true;
  }

  private void answer(HttpServerExchange exchange, ApiKind kind) {
    HistoryParams p;
    try {
      p = HistoryParams.read(query(exchange, "duration"), query(exchange, "interval"), Duration.ofHours(1), clock);
    } catch (HistoryParams.BadParameter e) {
      send(exchange, 400, new JsonObject().put("error",
          new JsonObject().put("field", e.field).put("message", e.getMessage())));
      return;
    }
    String channelId = null;
    String asked = query(exchange, "channel");
    if (asked != null && !asked.isEmpty()) {
      List<Channel> list = channels.get().channels(kind);
      int index = ChannelViews.indexOf(list, asked);
      if (index < 0) {
        send(exchange, 404, new JsonObject().put("error",
            new JsonObject().put("field", "channel").put("message", "channel not found: " + asked)));
        return;
      }
      channelId = list.get(index).id();
    }
    HistoryRange r = p.range();
    JsonObject body = new JsonObject()
        .put("duration", p.label())
        .put("interval", GoDurations.format(r.interval()))
        .put("channelId", channelId == null ? JsonNull.INSTANCE : new JsonString(channelId));
    LatencyBuckets buckets = history.persisting()
        ? history.latency(kind, channelId, r.start().toEpochMilli(), r.interval().toMillis(), r.count(), TIMEOUT)
        : null;
    if (buckets == null) {
      send(exchange, 200, body.put("persisted", false)
          .put("message", history.persisting()
              ? "the latency history could not be read in time; try again"
              : "latency history is read from the metrics history file, and metrics persistence is off"
                  + " (METRICS_PERSISTENCE_ENABLED) or the file cannot be used: only the last 15 minutes are known")
          .put("dataPoints", new JsonArray()));
      return;
    }
    JsonArray points = new JsonArray();
    for (int b = 0; b < buckets.buckets().size(); b++) {
      points.add(bucket(buckets.buckets().get(b)).put("timestamp", time(r.bucketStart(b))));
    }
    send(exchange, 200, body.put("persisted", true)
        .put("complete", buckets.complete())
        .put("summary", bucket(buckets.all()))
        .put("dataPoints", points));
  }

  private static JsonObject bucket(LatencyBuckets.Bucket b) {
    JsonObject o = new JsonObject().put("count", b.count());
    o.put("p50", b.count() == 0 ? JsonNull.INSTANCE : JsonNumber.of(b.p50()));
    o.put("p95", b.count() == 0 ? JsonNull.INSTANCE : JsonNumber.of(b.p95()));
    return o;
  }

  private String time(Instant t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(clock.getZone()));
  }

  private static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static void send(HttpServerExchange exchange, int status, JsonValue body) {
    Exchanges.sendJson(exchange, status, Json.write(body));
  }
}
