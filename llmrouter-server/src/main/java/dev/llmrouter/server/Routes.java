package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.server.http.AccessControl;
import dev.llmrouter.server.http.Cors;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.ingress.ProxyHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler. On the IO thread it answers CORS pre-flights and {@code /health}, checks the
 * access key (constant time) and the route, then dispatches the request to a worker. Nothing here
 * blocks.
 */
final class Routes implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  private final AccessControl access;
  private final Cors cors;
  private final ExecutorService workers;
  private final ProxyHandler proxy;
  private final HealthHandler health;

  Routes(AccessControl access, Cors cors, ExecutorService workers, ProxyHandler proxy, HealthHandler health) {
    this.access = access;
    this.cors = cors;
    this.workers = workers;
    this.proxy = proxy;
    this.health = health;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (cors != null && cors.apply(exchange)) return;
    String path = exchange.getRequestPath();
    String method = exchange.getRequestMethod().toString();
    if (path.equals("/health")) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        methodNotAllowed(exchange, Protocol.OPENAI_CHAT);
        return;
      }
      health.handleRequest(exchange);
      return;
    }
    if (path.equals("/v1/messages")) {
      if (!checkProxy(exchange, Protocol.CLAUDE, false)) return;
      if (!method.equals("POST")) {
        methodNotAllowed(exchange, Protocol.CLAUDE);
        return;
      }
      dispatch(exchange, Protocol.CLAUDE, () -> proxy.handle(exchange, ApiKind.MESSAGES, "messages", null, false));
      return;
    }
    Protocol shape = shapeFor(path);
    if (!checkProxy(exchange, shape, shape == Protocol.GEMINI)) return;
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

  private boolean checkProxy(HttpServerExchange exchange, Protocol shape, boolean queryKeyAllowed) {
    if (access.allowsProxy(exchange, queryKeyAllowed)) return true;
    String reason = AccessControl.hasKey(exchange) ? "invalid key" : "missing key";
    log.warn("[Auth-Failed] ip={} path={} reason={}", Exchanges.clientAddress(exchange), exchange.getRequestPath(),
        reason);
    Exchanges.sendError(exchange, shape, 401, ErrorType.AUTHENTICATION,
        reason.equals("missing key") ? "missing access key: send it in x-api-key or Authorization: Bearer"
            : "invalid access key");
    return false;
  }

  private static void methodNotAllowed(HttpServerExchange exchange, Protocol shape) {
    exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, "POST");
    Exchanges.sendError(exchange, shape, 405, ErrorType.INVALID_REQUEST,
        "method " + exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath());
  }

  private void dispatch(HttpServerExchange exchange, Protocol shape, Runnable task) {
    Executor guarded = runnable -> {
      try {
        workers.execute(runnable);
      } catch (RejectedExecutionException e) {
        log.warn("[Server-Overload] worker pool full; request refused: {}", exchange.getRequestPath());
        exchange.getIoThread().execute(() -> Exchanges.sendError(exchange, shape, 503, ErrorType.OVERLOADED,
            "the router is at capacity; retry shortly"));
      }
    };
    exchange.dispatch(guarded, task);
  }
}
