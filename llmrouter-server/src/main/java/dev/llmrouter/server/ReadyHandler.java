package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.http.Exchanges;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /ready}: readiness, for load balancers and orchestrators (while {@code /health} says
 * only that the process lives). 503 with the reason while a kind that has channels (not disabled)
 * has none able to serve: all suspended, every breaker open, every key cooling down; 200 otherwise.
 * A kind without channels does not make the router unready; a degraded shared-state link (Redis) is
 * shown under {@code sharedState} without making it unready. Public, as {@code /health}.
 */
final class ReadyHandler implements HttpHandler {
  private final Router router;

  ReadyHandler(Router router) {
    this.router = router;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ChannelSnapshot snap = router.snapshot();
    JsonObject kinds = new JsonObject();
    List<String> reasons = new ArrayList<>();
    for (ApiKind kind : ApiKind.values()) {
      int configured = 0;
      int serving = 0;
      int suspended = 0;
      int unhealthy = 0;
      for (Channel c : snap.channels(kind)) {
        if (c.status() == ChannelStatus.DISABLED) continue;
        configured++;
        if (router.canServe(kind, c)) {
          serving++;
        } else if (c.status() == ChannelStatus.SUSPENDED) {
          suspended++;
        } else {
          unhealthy++;
        }
      }
      kinds.put(kind.pathName(), new JsonObject().put("channels", configured).put("serving", serving)
          .put("suspended", suspended).put("unavailable", unhealthy));
      if (configured > 0 && serving == 0) {
        reasons.add(kind.pathName() + ": none of " + configured + " channel(s) can serve (" + suspended
            + " suspended, " + unhealthy + " with every breaker open, every key cooling down or no key)");
      }
    }
    boolean ready = reasons.isEmpty();
    JsonObject body = new JsonObject().put("status", ready ? "ready" : "not ready");
    if (!ready) body.put("reason", String.join("; ", reasons));
    body.put("kinds", kinds);
    // Shared state on Redis that is down or slow does not make the instance unready (requests go
    // on with local state), but it is shown, as on /health.
    JsonObject shared = HealthHandler.sharedState(router);
    if (shared != null) body.put("sharedState", shared);
    Exchanges.sendJson(exchange, ready ? 200 : 503, body.toJson().getBytes(StandardCharsets.UTF_8));
  }
}
