package dev.llmrouter.server.http;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Small helpers to answer an exchange. */
public final class Exchanges {
  private Exchanges() {}

  /** Sends a complete JSON body (from any thread, blocking or not). */
  public static void sendJson(HttpServerExchange exchange, int status, byte[] body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** Sends an error in the shape of the client's protocol. */
  public static void sendError(HttpServerExchange exchange, Protocol protocol, int status, ErrorType type,
      String message) {
    sendJson(exchange, status, ClientErrors.body(protocol, status, type, message));
  }

  /** The client's address, as seen by the socket (forwarding headers are not trusted). */
  public static String clientAddress(HttpServerExchange exchange) {
    java.net.InetSocketAddress a = exchange.getSourceAddress();
    return a == null ? "unknown" : a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
  }
}
