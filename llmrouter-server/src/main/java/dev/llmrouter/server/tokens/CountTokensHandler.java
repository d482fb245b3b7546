package dev.llmrouter.server.tokens;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.convert.tokens.TokenEstimator;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RequestBodies;
import dev.llmrouter.server.http.RequestHeaders;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code POST /v1/messages/count_tokens} with {@code {"input_tokens": N}}. In
 * {@link CountTokensMode#LOCAL} mode the answer is the {@link TokenEstimator}'s, computed in one
 * pass over the body; in {@link CountTokensMode#UPSTREAM} mode the request goes through the router
 * to a claude channel's own endpoint, and any failure there falls back to the local estimate.
 * Thread-safe.
 */
public final class CountTokensHandler {
  private static final Logger log = LoggerFactory.getLogger(CountTokensHandler.class);

  private final Router router;
  private final CountTokensMode mode;
  private final long maxBodyBytes;

  public CountTokensHandler(Router router, CountTokensMode mode, long maxBodyBytes) {
    this.router = Objects.requireNonNull(router, "router");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Serves one request; runs on a worker thread. */
  public void handle(HttpServerExchange exchange) {
    exchange.startBlocking();
    byte[] body = RequestBodies.readOrRefuse(exchange, Protocol.CLAUDE, maxBodyBytes);
    if (body == null) return;
    JsonObject request;
    try {
      JsonValue parsed = Json.parse(body);
      request = parsed.asObject();
    } catch (MalformedJsonException e) {
      Exchanges.sendError(exchange, Protocol.CLAUDE, 400, ErrorType.INVALID_REQUEST,
          "request body is not valid JSON: " + e.getMessage());
      return;
    }
    if (request == null) {
      Exchanges.sendError(exchange, Protocol.CLAUDE, 400, ErrorType.INVALID_REQUEST,
          "request body must be a JSON object");
      return;
    }
    if (mode == CountTokensMode.UPSTREAM) {
      byte[] answer = upstream(exchange, body);
      if (answer != null) {
        Exchanges.sendJson(exchange, 200, answer);
        return;
      }
    }
    long tokens = TokenEstimator.messagesRequest(request);
    log.debug("[CountTokens-Local] model={} input_tokens={}", request.getString("model"), tokens);
    Exchanges.sendJson(exchange, 200, Json.write(new JsonObject().put("input_tokens", tokens)));
  }

  /** The upstream's answer when it is a proper count, else null (the caller estimates locally). */
  private byte[] upstream(HttpServerExchange exchange, byte[] body) {
    RoutingFields fields = RoutingFields.scan(body);
    String query = exchange.getQueryString();
    ClientRequest request = new ClientRequest(ApiKind.MESSAGES, "count_tokens", exchange.getRequestPath(),
        query == null || query.isEmpty() ? null : query, RequestHeaders.of(exchange), body, fields, fields.model(), false);
    try (RoutedResponse response = router.route(request, new CancelSignal())) {
      if (response.status() == 200 && !response.isStream() && isCount(response.body())) return response.body();
      log.info("[CountTokens-Fallback] upstream answered status={}; using the local estimate", response.status());
      return null;
    } catch (RuntimeException e) {
      log.warn("[CountTokens-Fallback] upstream count failed: {}; using the local estimate", e.toString());
      return null;
    }
  }

  private static boolean isCount(byte[] body) {
    try {
      JsonObject o = Json.parseObject(body);
      JsonNumber n = o.getNumber("input_tokens");
      return n != null && n.longValue() >= 0;
    } catch (MalformedJsonException | NumberFormatException e) {
      return false;
    }
  }
}
