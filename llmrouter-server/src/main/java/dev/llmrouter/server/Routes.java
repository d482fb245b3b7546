package dev.llmrouter.server;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.server.http.Cors;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;

/**
 * The root handler. On the IO thread it answers CORS pre-flights, {@code /health} and {@code /ready}, then asks each
 * {@link RouteSet} in turn; a request no set takes gets a 404 in the shape its path implies (after
 * the access check, so unknown paths reveal nothing). Nothing here blocks.
 */
final class Routes implements HttpHandler {
  private final ServerContext context;
  private final Cors cors;
  private final HealthHandler health;
  private final ReadyHandler ready;
  private final List<RouteSet> sets;

  Routes(ServerContext context, Cors cors, HealthHandler health, ReadyHandler ready, List<RouteSet> sets) {
    this.context = context;
    this.cors = cors;
    this.health = health;
    this.ready = ready;
    this.sets = List.copyOf(sets);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (cors != null && cors.apply(exchange)) return;
    String path = exchange.getRequestPath();
    String method = exchange.getRequestMethod().toString();
    if (path.equals("/health") || path.equals("/ready")) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ServerContext.methodNotAllowed(exchange, Protocol.OPENAI_CHAT, "GET");
        return;
      }
      if (path.equals("/health")) {
        health.handleRequest(exchange);
      } else {
        ready.handleRequest(exchange);
      }
      return;
    }
    for (RouteSet set : sets) {
      if (set.handle(exchange, method, path, context)) return;
    }
    Protocol shape = shapeFor(path);
    boolean admin = path.startsWith("/api/");
    if (admin ? !context.requireAdmin(exchange) : !context.requireProxy(exchange, shape, shape == Protocol.GEMINI)) {
      return;
    }
    Exchanges.sendError(exchange, shape, 404, ErrorType.NOT_FOUND, "no route for " + method + " " + path);
  }

  /** The error shape that a client of this path expects. */
  static Protocol shapeFor(String path) {
    if (path.startsWith("/v1/messages")) return Protocol.CLAUDE;
    if (path.startsWith("/v1beta/") || path.contains(":generateContent") || path.contains(":streamGenerateContent")
        || path.contains(":countTokens")) {
      return Protocol.GEMINI;
    }
    return Protocol.OPENAI_CHAT;
  }
}
