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

  private static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
  private static final String HEADERS =
      "Content-Type, Authorization, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta";
  private static final String EXPOSED = "x-llmrouter-channel, x-llmrouter-attempts, retry-after";

  private final String origin;

  public Cors(String origin) {
    this.origin = origin;
  }

  /** Gives each header that {@link #apply} adds to an answer that is not a pre-flight's, in order. */
  public void forEachHeader(java.util.function.BiConsumer<String, String> header) {
    header.accept(ALLOW_ORIGIN.toString(), origin);
    header.accept(ALLOW_METHODS.toString(), METHODS);
    header.accept(ALLOW_HEADERS.toString(), HEADERS);
    header.accept(EXPOSE_HEADERS.toString(), EXPOSED);
    if (!"*".equals(origin)) header.accept(ALLOW_CREDENTIALS.toString(), "true");
  }

  /** Adds the headers; returns true when the request was a pre-flight that has been answered. */
  public boolean apply(HttpServerExchange exchange) {
    HeaderMap h = exchange.getResponseHeaders();
    h.put(ALLOW_ORIGIN, origin);
    h.put(ALLOW_METHODS, METHODS);
    h.put(ALLOW_HEADERS, HEADERS);
    h.put(EXPOSE_HEADERS, EXPOSED);
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
