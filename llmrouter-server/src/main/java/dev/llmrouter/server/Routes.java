package dev.llmrouter.server;

import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.server.http.Cors;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import dev.llmrouter.server.logging.PollingPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler. On the IO thread it answers CORS pre-flights, {@code /health} and {@code /ready}, then asks each
 * {@link RouteSet} in turn; a request no set takes gets a 404 in the shape its path implies (after
 * the access check, so unknown paths reveal nothing). Nothing here blocks.
 */
final class Routes implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);
  private final ServerContext context;
  private final Cors cors;
  private final HealthHandler health;
  private final ReadyHandler ready;
  private final List<RouteSet> sets;
  private final boolean quietPolling;

  Routes(ServerContext context, Cors cors, HealthHandler health, ReadyHandler ready, List<RouteSet> sets) {
    this(context, cors, health, ready, sets, true);
  }

  Routes(ServerContext context, Cors cors, HealthHandler health, ReadyHandler ready, List<RouteSet> sets,
      boolean quietPolling) {
    this.context = context;
    this.cors = cors;
    this.health = health;
    this.ready = ready;
    this.sets = List.copyOf(sets);
    this.quietPolling = quietPolling;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (cors != null && cors.apply(exchange)) return;
    String path = exchange.getRequestPath();
    String method = exchange.getRequestMethod().toString();
    if (!isProxyPath(path) && !(quietPolling && PollingPaths.isPolling(method, path)) && log.isInfoEnabled()) {
      long start = System.nanoTime();
      exchange.addExchangeCompleteListener((ex, next) -> {
        try {
          log.info("[HTTP-Access] ip={} {} {} status={} {}ms", Exchanges.clientAddress(ex), method, pathForLog(path),
              ex.getStatusCode(), (System.nanoTime() - start) / 1_000_000L);
        } finally {
          next.proceed();
        }
      });
    }
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

  /** Proxied requests have their own access line ({@code [Proxy-Access]}); token counts do not. */
  private static boolean isProxyPath(String path) {
    if (path.contains("count_tokens") || path.contains(":countTokens")) return false;
    return path.startsWith("/v1/messages") || path.startsWith("/v1/responses")
        || path.contains(":generateContent") || path.contains(":streamGenerateContent");
  }

  /** A key named in an admin path ({@code .../keys/{key}}) shows masked unless it is a fingerprint. */
  static String pathForLog(String path) {
    int i = path.indexOf("/keys/");
    if (i < 0) return path;
    int start = i + 6;
    int end = path.indexOf('/', start);
    if (end < 0) end = path.length();
    String key = path.substring(start, end);
    if (key.matches("[0-9a-f]{12}")) return path;
    return path.substring(0, start) + Keys.mask(key) + path.substring(end);
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
