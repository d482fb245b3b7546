package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.StateStore;
import dev.llmrouter.server.http.Exchanges;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /health}: status, version, uptime and the number of channels per kind. Public. */
final class HealthHandler implements HttpHandler {
  private final Router router;
  private final Clock clock;
  private final Instant started;
  private final String workers;

  HealthHandler(Router router, Clock clock, String workers) {
    this.router = router;
    this.clock = clock;
    this.started = clock.instant();
    this.workers = workers;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ChannelSnapshot snap = router.snapshot();
    JsonObject channels = new JsonObject();
    for (ApiKind k : ApiKind.values()) channels.put(k.pathName(), snap.channels(k).size());
    Instant now = clock.instant();
    JsonObject body = new JsonObject()
        .put("status", "healthy")
        .put("version", Version.get())
        .put("uptime", Duration.between(started, now).toSeconds())
        .put("timestamp", now.toString())
        .put("workers", workers)
        .put("channels", channels);
    JsonObject state = sharedState(router);
    if (state != null) body.put("sharedState", state);
    Exchanges.sendJson(exchange, 200, body.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The shared state's detail for health and readiness answers ({@code status} "ok" or "degraded",
   * and why), or null when this instance shares nothing. A degraded store never makes the instance
   * unready: requests go on with local state.
   */
  static JsonObject sharedState(Router router) {
    StateStore.Status s = router.stateStatus();
    if (!s.shared()) return null;
    return new JsonObject().put("status", s.degraded() ? "degraded" : "ok").put("detail", s.detail());
  }
}
