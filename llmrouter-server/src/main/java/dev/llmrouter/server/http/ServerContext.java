package dev.llmrouter.server.http;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What route sets share: access checks and dispatch to workers. Thread-safe. */
public final class ServerContext {
  private static final Logger log = LoggerFactory.getLogger(ServerContext.class);

  private final AccessControl access;
  private final ExecutorService workers;

  public ServerContext(AccessControl access, ExecutorService workers) {
    this.access = access;
    this.workers = workers;
  }

  /**
   * Checks the proxy access key; answers 401 in the given shape and logs {@code [Auth-Failed]} when
   * it is missing or wrong.
   *
   * @return true when the request may go on
   */
  public boolean requireProxy(HttpServerExchange exchange, Protocol shape, boolean queryKeyAllowed) {
    if (access.allowsProxy(exchange, queryKeyAllowed)) return true;
    refuse(exchange, shape);
    return false;
  }

  /** Checks the admin access key (the proxy key when no separate one is set); answers 401 otherwise. */
  public boolean requireAdmin(HttpServerExchange exchange) {
    return requireAdmin(exchange, exchange.getRequestPath());
  }

  /**
   * As {@link #requireAdmin(HttpServerExchange)}, but a refusal logs {@code pathForLog}: the request
   * path with any secret in it (an upstream key named in an admin path) already replaced.
   */
  public boolean requireAdmin(HttpServerExchange exchange, String pathForLog) {
    if (access.allowsAdmin(exchange)) return true;
    refuse(exchange, Protocol.OPENAI_CHAT, pathForLog);
    return false;
  }

  /**
   * Checks what every admin read route checks: the admin key (401 otherwise, as
   * {@link #requireAdmin(HttpServerExchange)}) and the method, GET (405 otherwise).
   *
   * @return true when the request may go on; false when it has been answered
   */
  public boolean requireAdminGet(HttpServerExchange exchange, String method) {
    if (!requireAdmin(exchange)) return false;
    if (method.equals("GET")) return true;
    methodNotAllowed(exchange, Protocol.OPENAI_CHAT, "GET");
    return false;
  }

  private static void refuse(HttpServerExchange exchange, Protocol shape) {
    refuse(exchange, shape, exchange.getRequestPath());
  }

  private static void refuse(HttpServerExchange exchange, Protocol shape, String pathForLog) {
    String reason = AccessControl.hasKey(exchange) ? "invalid key" : "missing key";
    log.warn("[Auth-Failed] ip={} path={} reason={}", Exchanges.clientAddress(exchange), pathForLog, reason);
    Exchanges.sendError(exchange, shape, 401, ErrorType.AUTHENTICATION,
        reason.equals("missing key") ? "missing access key: send it in x-api-key or Authorization: Bearer"
            : "invalid access key");
  }

  /**
   * Runs a task on a worker thread (a virtual thread on Java 21+). When the bounded pool of Java 17
   * is full, answers 503 in the given shape instead.
   */
  public void dispatch(HttpServerExchange exchange, Protocol shape, Runnable task) {
    Executor guarded = refusingWhenFull(exchange, shape, workers);
    exchange.dispatch(runnable -> {
      try {
        guarded.execute(runnable);
      } catch (RejectedExecutionException answered) {
        // answered with 503
      }
    }, task);
  }

  /**
   * {@return an executor that runs tasks on {@code workers}, and that, when they refuse one (the
   * bounded pool of Java 17 is full), answers the exchange 503 in the given shape from its IO
   * thread, logs it, and throws the refusal on}
   */
  public static Executor refusingWhenFull(HttpServerExchange exchange, Protocol shape, Executor workers) {
    return runnable -> {
      try {
        workers.execute(runnable);
      } catch (RejectedExecutionException e) {
        log.warn("[Server-Overload] worker pool full; request refused: {}", exchange.getRequestPath());
        exchange.getIoThread().execute(() -> Exchanges.sendError(exchange, shape, 503, ErrorType.OVERLOADED,
            "the router is at capacity; retry shortly"));
        throw e;
      }
    };
  }

  /** {@return the executor of the requests served on workers; it may refuse with RejectedExecutionException} */
  public java.util.concurrent.Executor workers() {
    return workers;
  }

  /** Answers 405 listing the allowed methods. */
  public static void methodNotAllowed(HttpServerExchange exchange, Protocol shape, String allowed) {
    exchange.getResponseHeaders().put(io.undertow.util.Headers.ALLOW, allowed);
    Exchanges.sendError(exchange, shape, 405, ErrorType.INVALID_REQUEST,
        "method " + exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath());
  }
}
