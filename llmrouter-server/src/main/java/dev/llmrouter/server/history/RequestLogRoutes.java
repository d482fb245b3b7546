package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Deque;
import java.util.List;

/**
 * The request log API, behind the admin key:
 * {@code GET /api/{kind}/requests?limit=&channel=&status=&since=&before=} lists the newest attempts
 * first (a page of at most {@code limit}, 50 by default; {@code next} is the {@code before} of the
 * next page), and {@code GET /api/{kind}/requests/{requestId}} shows every attempt of one request in
 * order. {@code since} is epoch milliseconds or an ISO-8601 instant. Thread-safe.
 */
public final class RequestLogRoutes implements RouteSet {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int DEFAULT_LIMIT = 50;

  private final HistoryStore history;

  public RequestLogRoutes(HistoryStore history) {
    this.history = history;
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (!path.startsWith("/api/")) return false;
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length < 3 || parts.length > 4 || !parts[2].equals("requests")) return false;
    ApiKind kind = ApiKind.ofPathName(parts[1]);
    if (kind == null) return false;
    if (parts.length == 4 && parts[3].isEmpty()) return false;
    if (!ctx.requireAdminGet(exchange, method)) return true;
    ctx.dispatch(exchange, Protocol.OPENAI_CHAT, () -> {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      if (parts.length == 4) {
        one(exchange, kind, parts[3]);
      } else {
        page(exchange, kind);
      }
    });
    return true;
  }

  private void one(HttpServerExchange exchange, ApiKind kind, String requestId) {
    List<RequestAttempt> attempts = history.requestAttempts(kind, requestId, TIMEOUT);
    if (attempts.isEmpty()) {
      Exchanges.sendJson(exchange, 404, Json.write(error("requestId", "no attempt of request " + requestId
          + " is in the request log")));
      return;
    }
    JsonArray list = new JsonArray();
    for (RequestAttempt a : attempts) list.add(a.toJson());
    Exchanges.sendJson(exchange, 200, Json.write(new JsonObject().put("requestId", requestId).put("attempts", list)));
  }

  private void page(HttpServerExchange exchange, ApiKind kind) {
    RequestQuery q;
    try {
      int limit = (int) number(exchange, "limit", DEFAULT_LIMIT);
      if (limit < 1 || limit > RequestQuery.MAX_LIMIT) {
        throw new IllegalArgumentException("limit: expected 1 to " + RequestQuery.MAX_LIMIT);
      }
      q = new RequestQuery(kind, limit, param(exchange, "channel"), param(exchange, "status"), since(exchange),
          number(exchange, "before", 0));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(':');
      Exchanges.sendJson(exchange, 400, Json.write(error(colon > 0 ? message.substring(0, colon) : "query",
          message)));
      return;
    }
    List<RequestAttempt> attempts = history.recentAttempts(q, TIMEOUT);
    JsonArray list = new JsonArray();
    for (RequestAttempt a : attempts) list.add(a.toJson());
    JsonObject body = new JsonObject().put("attempts", list);
    if (attempts.size() == q.limit()) {
      body.put("next", attempts.get(attempts.size() - 1).seq());
    } else {
      body.put("next", dev.llmrouter.api.json.JsonNull.INSTANCE);
    }
    Exchanges.sendJson(exchange, 200, Json.write(body));
  }

  private static JsonObject error(String field, String message) {
    return JsonObject.of("error", new JsonObject().put("field", field).put("message", message));
  }

  private static String param(HttpServerExchange exchange, String name) {
    Deque<String> v = exchange.getQueryParameters().get(name);
    if (v == null || v.isEmpty() || v.getFirst().isBlank()) return null;
    return v.getFirst().strip();
  }

  private static long number(HttpServerExchange exchange, String name, long fallback) {
    String v = param(exchange, name);
    if (v == null) return fallback;
    try {
      long n = Long.parseLong(v);
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a whole number, got '" + v + "'");
    }
  }

  private static long since(HttpServerExchange exchange) {
    String v = param(exchange, "since");
    if (v == null) return 0;
    if (v.chars().allMatch(Character::isDigit)) return number(exchange, "since", 0);
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("since: expected epoch milliseconds or an ISO-8601 instant, got '" + v + "'");
    }
  }
}
