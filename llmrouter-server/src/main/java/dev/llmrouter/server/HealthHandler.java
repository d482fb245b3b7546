package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.scheduler.Router;
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
    Exchanges.sendJson(exchange, 200, body.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
