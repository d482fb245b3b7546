package dev.llmrouter.server.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The metrics routes. Admin routes (admin key), per kind {@code k} in {@code messages},
 * {@code responses}, {@code gemini}:
 * <ul>
 *   <li>{@code GET /api/{k}/channels/metrics}
 *   <li>{@code GET /api/{k}/channels/metrics/history?duration=&interval=}
 *   <li>{@code GET /api/{k}/channels/{id}/keys/metrics/history?duration=&interval=}
 *   <li>{@code GET /api/{k}/global/stats/history?duration=&interval=}
 *   <li>{@code GET /api/{k}/channels/dashboard} (also {@code /api/messages/channels/dashboard?type=responses})
 * </ul>
 * and {@code GET /metrics} in the Prometheus text format, behind the access key unless public.
 * A channel {@code id} is its stable id, or its list position when purely numeric. A bad
 * {@code duration} or {@code interval} gets 400 {@code {"error":{"field":...,"message":...}}}.
 * Answers are built on a worker thread. This class is thread-safe.
 */
public final class MetricsRoutes implements RouteSet {
  private final Supplier<ChannelSnapshot> channels;
  private final MetricsAnswers answers;
  private final MetricsStore store;
  private final PrometheusExport prometheus;
  private final boolean prometheusPublic;

  private MetricsRoutes(Builder b) {
    this.channels = Objects.requireNonNull(b.channels, "channels");
    this.store = Objects.requireNonNull(b.store, "store");
    this.answers = new MetricsAnswers(store, b.schedulerStats);
    this.prometheus = b.prometheus;
    this.prometheusPublic = b.prometheusPublic;
  }

  public static Builder builder(MetricsStore store, Supplier<ChannelSnapshot> channels) {
    return new Builder(store, channels);
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (path.equals("/metrics")) {
      if (prometheus == null) return false;
      if (!prometheusPublic && !ctx.requireProxy(exchange, Protocol.OPENAI_CHAT, false)) return true;
      if (!method.equals("GET")) {
        ServerContext.methodNotAllowed(exchange, Protocol.OPENAI_CHAT, "GET");
        return true;
      }
      ctx.dispatch(exchange, Protocol.OPENAI_CHAT, () -> {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusExport.CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(prometheus.scrape().getBytes(StandardCharsets.UTF_8)));
      });
      return true;
    }
    if (!path.startsWith("/api/")) return false;
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length < 4) return false;
    ApiKind kind = ApiKind.ofPathName(parts[1]);
    if (kind == null) return false;
    Route route = match(parts);
    if (route == null) return false;
    if (!ctx.requireAdminGet(exchange, method)) return true;
    ctx.dispatch(exchange, Protocol.OPENAI_CHAT, () -> answer(exchange, route, kind, parts));
    return true;
  }

  private enum Route { METRICS, CHANNEL_HISTORY, KEY_HISTORY, GLOBAL_HISTORY, DASHBOARD }

  private static Route match(String[] p) {
    if (p.length == 4 && p[2].equals("channels") && p[3].equals("metrics")) return Route.METRICS;
    if (p.length == 4 && p[2].equals("channels") && p[3].equals("dashboard")) return Route.DASHBOARD;
    if (p.length == 5 && p[2].equals("channels") && p[3].equals("metrics") && p[4].equals("history")) {
      return Route.CHANNEL_HISTORY;
    }
    if (p.length == 5 && p[2].equals("global") && p[3].equals("stats") && p[4].equals("history")) {
      return Route.GLOBAL_HISTORY;
    }
    if (p.length == 7 && p[2].equals("channels") && !p[3].isEmpty() && p[4].equals("keys") && p[5].equals("metrics")
        && p[6].equals("history")) {
      return Route.KEY_HISTORY;
    }
    return null;
  }

  private void answer(HttpServerExchange exchange, Route route, ApiKind kind, String[] parts) {
    ChannelSnapshot snapshot = channels.get();
    try {
      switch (route) {
        case METRICS:
          send(exchange, 200, answers.channelMetrics(kind, snapshot));
          return;
        case DASHBOARD: {
          ApiKind k = kind;
          String type = query(exchange, "type");
          if (kind == ApiKind.MESSAGES && type != null && type.toLowerCase(Locale.ROOT).equals("responses")) {
            k = ApiKind.RESPONSES;
          }
          send(exchange, 200, answers.dashboard(k, snapshot));
          return;
        }
        case CHANNEL_HISTORY:
          send(exchange, 200, answers.channelHistory(kind, snapshot, params(exchange, Duration.ofHours(24))));
          return;
        case GLOBAL_HISTORY:
          send(exchange, 200, answers.globalHistory(kind, params(exchange, Duration.ofHours(24))));
          return;
        case KEY_HISTORY: {
          HistoryParams p = params(exchange, Duration.ofHours(6));
          List<Channel> list = snapshot.channels(kind);
          int index = ChannelViews.indexOf(list, parts[3]);
          if (index < 0) {
            send(exchange, 404, new JsonObject().put("error",
                new JsonObject().put("message", "channel not found: " + parts[3])));
            return;
          }
          send(exchange, 200, answers.keyHistory(kind, list.get(index), index, p));
          return;
        }
        default:
          throw new IllegalStateException("unrouted " + route);
      }
    } catch (HistoryParams.BadParameter e) {
      send(exchange, 400, new JsonObject().put("error",
          new JsonObject().put("field", e.field).put("message", e.getMessage())));
    }
  }

  private HistoryParams params(HttpServerExchange exchange, Duration defaultDuration) {
    return HistoryParams.read(query(exchange, "duration"), query(exchange, "interval"), defaultDuration,
        store.clock());
  }

  private static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static void send(HttpServerExchange exchange, int status, JsonValue body) {
    Exchanges.sendJson(exchange, status, Json.write(body));
  }

  /** Builds {@link MetricsRoutes}. Not thread-safe. */
  public static final class Builder {
    private final MetricsStore store;
    private final Supplier<ChannelSnapshot> channels;
    private PrometheusExport prometheus;
    private boolean prometheusPublic;
    private Function<ApiKind, JsonObject> schedulerStats = kind -> null;

    private Builder(MetricsStore store, Supplier<ChannelSnapshot> channels) {
      this.store = Objects.requireNonNull(store, "store");
      this.channels = Objects.requireNonNull(channels, "channels");
    }

    /** Serves {@code GET /metrics} from this export; {@code open} serves it without the access key. */
    public Builder prometheus(PrometheusExport export, boolean open) {
      this.prometheus = export;
      this.prometheusPublic = open;
      return this;
    }

    /**
     * The dashboard's {@code stats} member for a kind: the scheduler's state (multi-channel mode,
     * breakers, affinity). Until the scheduler provides it the member is left out.
     */
    public Builder schedulerStats(Function<ApiKind, JsonObject> stats) {
      this.schedulerStats = Objects.requireNonNull(stats, "stats");
      return this;
    }

    public MetricsRoutes build() {
      return new MetricsRoutes(this);
    }
  }
}
