package dev.llmrouter.server.ingress;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.logging.AccessLog;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission control of the proxied requests ({@link ProxyHandler#admit}): at most {@code
 * maxConcurrent} requests served at once, and a budget of the request-body bytes held by requests
 * whose answer has not begun. Both are decided before a body is read: the bound is on memory (an
 * open stream holds 10 to 48 KiB of heap, BENCHMARKS.md), and a burst of large requests must not
 * fill the heap. A request refused gets 503 in its API's format. Each admitted request holds its
 * place and its bytes through a {@link ProxyHandler.HeldBody}.
 *
 * <p>This class is thread-safe.
 */
final class Admission {
  // The log line keeps the logger name it had when this was part of ProxyHandler.
  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

  /** The most requests served at once, 0 for no limit. */
  private final int maxConcurrent;
  private final long bodyBudget;
  private final AccessLog accessLog;
  /** Bytes of request bodies held by requests whose answer has not begun. */
  private final AtomicLong bodiesHeld = new AtomicLong();
  /** Requests being served (admitted and not ended). */
  private final AtomicInteger active = new AtomicInteger();
  /**
   * When an overload refusal (at capacity or over the body budget) was last logged (nanoTime), so
   * that a surge logs once a second.
   */
  private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - 2_000_000_000L);

  /**
   * @param maxConcurrent the most requests served at once, 0 for no limit
   * @param bodyBudget the most bytes of request bodies held at once, 0 for no budget
   * @param accessLog where refusals are logged
   * @throws IllegalArgumentException when {@code maxConcurrent} or {@code bodyBudget} is negative
   */
  Admission(int maxConcurrent, long bodyBudget, AccessLog accessLog) {
    if (maxConcurrent < 0) throw new IllegalArgumentException("maxConcurrent < 0: " + maxConcurrent);
    if (bodyBudget < 0) throw new IllegalArgumentException("bodyBudget < 0: " + bodyBudget);
    this.maxConcurrent = maxConcurrent;
    this.bodyBudget = bodyBudget;
    this.accessLog = accessLog;
  }

  /**
   * Admits a request, or refuses it with 503 in its API's format: at capacity, or when its declared
   * body would go beyond the budget of bodies held.
   *
   * @param declared the body's declared length (0 when unknown)
   * @return the request's place, to be {@linkplain ProxyHandler.HeldBody#end() ended} when it is
   *     over; null when refused
   */
  ProxyHandler.HeldBody admit(HttpServerExchange exchange, ApiKind kind, String operation, String requestId,
      long start, long declared) {
    return admit(declared, atCapacity -> {
      if (atCapacity) {
        refuseOverloaded(exchange, kind, operation, requestId, start, "at capacity",
            "the router is serving its maximum of " + maxConcurrent + " requests at once; retry shortly",
            maxConcurrent + " requests in flight, the maximum (MAX_CONCURRENT_REQUESTS)");
      } else {
        refuseOverloaded(exchange, kind, operation, requestId, start, "request bodies over budget",
            "the router holds its maximum of request bodies awaiting an answer; retry shortly",
            "request bodies awaiting an answer reached the budget of " + bodyBudget + " bytes");
      }
    });
  }

  /**
   * Admits a request, or refuses it without answering it (the caller hands it to the path that
   * answers refusals): at capacity, or when its declared body would go beyond the budget.
   *
   * @return the request's place, as {@link #admit}; null when refused
   */
  ProxyHandler.HeldBody tryAdmit(long declared) {
    return admit(declared, atCapacity -> { });
  }

  /**
   * Admits a request, or tells {@code refused} why not: true at capacity, false over the budget.
   *
   * @return the request's place; null when refused
   */
  private ProxyHandler.HeldBody admit(long declared, java.util.function.Consumer<Boolean> refused) {
    if (active.incrementAndGet() > maxConcurrent && maxConcurrent > 0) {
      active.decrementAndGet();
      refused.accept(true);
      return null;
    }
    ProxyHandler.HeldBody held = new ProxyHandler.HeldBody(this);
    if (!held.reserve(declared)) {
      held.end();
      refused.accept(false);
      return null;
    }
    return held;
  }

  /** Counts {@code n} bytes; false (nothing counted) when that goes beyond the budget while others hold theirs. */
  boolean reserve(long n) {
    long total = bodiesHeld.addAndGet(n);
    if (bodyBudget > 0 && total > bodyBudget && total != n) {
      bodiesHeld.addAndGet(-n);
      return false;
    }
    return true;
  }

  /** Adds {@code delta} (negative to let go) to the bytes held, with no check against the budget. */
  void adjust(long delta) {
    bodiesHeld.addAndGet(delta);
  }

  /** An admitted request is over: it no longer counts as served. */
  void leave() {
    active.decrementAndGet();
  }

  private void refuseOverloaded(HttpServerExchange exchange, ApiKind kind, String operation, String requestId,
      long start, String accessReason, String clientMessage, String logReason) {
    long now = System.nanoTime();
    long last = lastRefusalLog.get();
    if (now - last >= 1_000_000_000L && lastRefusalLog.compareAndSet(last, now)) {
      log.warn("[Proxy-Overload] {}; refusing new requests with 503 (logged at most once a second)", logReason);
    }
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
    Exchanges.sendError(exchange, kind.protocol(), 503, ErrorType.OVERLOADED, clientMessage);
    accessLog.rejected(requestId, kind, operation, 503, accessReason, start);
  }
}
