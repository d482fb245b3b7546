package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/**
 * The scheduler's admin view: {@code GET /api/{messages|responses|gemini}/channels/scheduler/stats}
 * (admin key). As in the original, {@code /api/messages/channels/scheduler/stats?type=responses}
 * (or {@code type=gemini}) names another kind.
 */
final class SchedulerRoutes implements RouteSet {
  private static final String PREFIX = "/api/";
  private static final String SUFFIX = "/channels/scheduler/stats";

  private final Router router;

  SchedulerRoutes(Router router) {
    this.router = router;
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) return false;
    ApiKind kind = ApiKind.ofPathName(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
    if (kind == null) return false;
    if (!ctx.requireAdminGet(exchange, method)) return true;
    Deque<String> type = exchange.getQueryParameters().get("type");
    if (kind == ApiKind.MESSAGES && type != null && !type.isEmpty()) {
      ApiKind named = ApiKind.ofPathName(type.getFirst());
      if (named == null) {
        Exchanges.sendError(exchange, Protocol.OPENAI_CHAT, 400, ErrorType.INVALID_REQUEST,
            "type must be one of messages, responses, gemini: " + type.getFirst());
        return true;
      }
      kind = named;
    }
    ApiKind chosen = kind;
    // The stats walk the affinity map: off the IO thread.
    ctx.dispatch(exchange, Protocol.OPENAI_CHAT,
        () -> Exchanges.sendJson(exchange, 200, Json.write(router.schedulerStats(chosen))));
    return true;
  }
}
