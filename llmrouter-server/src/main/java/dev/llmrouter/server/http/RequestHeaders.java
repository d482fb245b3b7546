package dev.llmrouter.server.http;

import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.http.HttpHeaders;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

/** Copies a request's headers out of Undertow into the library's {@link HttpHeaders}. Stateless. */
public final class RequestHeaders {
  private RequestHeaders() {}

  /**
   * Every request header, each value in the order received, names as the client sent them. The
   * common names and values are {@linkplain CommonStrings shared strings}: a stream keeps its
   * request's headers until it ends.
   *
   * @param exchange the request
   * @return the headers
   */
  public static HttpHeaders of(HttpServerExchange exchange) {
    HttpHeaders.Builder b = HttpHeaders.builder(exchange.getRequestHeaders().size());
    for (HeaderValues values : exchange.getRequestHeaders()) {
      String name = CommonStrings.of(values.getHeaderName().toString());
      for (String v : values) b.add(name, CommonStrings.of(v));
    }
    return b.build();
  }
}
