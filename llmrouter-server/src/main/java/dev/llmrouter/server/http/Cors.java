package dev.llmrouter.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/** Adds CORS headers and answers pre-flight requests. */
public final class Cors {
  private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
  private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
  private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
  private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
  private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

  private final String origin;

  public Cors(String origin) {
    this.origin = origin;
  }

  /** Adds the headers; returns true when the request was a pre-flight that has been answered. */
  public boolean apply(HttpServerExchange exchange) {
    HeaderMap h = exchange.getResponseHeaders();
    h.put(ALLOW_ORIGIN, origin);
    h.put(ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    h.put(ALLOW_HEADERS, "Content-Type, Authorization, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta");
    h.put(EXPOSE_HEADERS, "x-llmrouter-channel, x-llmrouter-attempts, retry-after");
    if (!"*".equals(origin)) h.put(ALLOW_CREDENTIALS, "true");
    if (exchange.getRequestMethod().equalToString("OPTIONS")) {
      h.put(MAX_AGE, "600");
      exchange.setStatusCode(204);
      exchange.endExchange();
      return true;
    }
    return false;
  }
}
