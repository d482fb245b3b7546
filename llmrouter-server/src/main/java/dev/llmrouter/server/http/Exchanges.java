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

  /**
   * Sends a complete JSON body: at once on the exchange's IO thread, and from any other thread
   * through {@link #sendFromIoThread}, so that the exchange ends on its IO thread; from a worker,
   * call it as the last thing done with the exchange.
   */
  public static void sendJson(HttpServerExchange exchange, int status, byte[] body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    if (exchange.isInIoThread()) {
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
    } else {
      sendFromIoThread(exchange, body);
    }
  }

  /**
   * Sends a complete body from the exchange's IO thread, once the worker task that calls this has
   * returned; the exchange ends there ({@link #endOnIoThread}). Call it from a worker as the last
   * thing done with the exchange.
   *
   * @param exchange an exchange dispatched to the calling worker, its response not started
   * @param body the whole body; the status and headers must be set already
   */
  public static void sendFromIoThread(HttpServerExchange exchange, byte[] body) {
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    endOnIoThread(exchange, () -> exchange.getResponseSender().send(ByteBuffer.wrap(body)));
  }

  /**
   * Runs {@code last} on the exchange's IO thread once the worker task that calls this has
   * returned; {@code last} must end the exchange there (send its body, or end it). The blocking
   * streams are given up: nothing may read or write them afterwards.
   *
   * <p>Why not end it on the worker: Undertow ends an exchange that completes on a worker thread
   * by marking the connection busy, waking its IO thread to read the next request and only then
   * marking it free. The IO thread, woken with the client's next request already there, spins until
   * the mark is cleared; with the server on one core the worker cannot run to clear it until the
   * spinning thread's time slice is over. Measured at concurrency 1 with the router pinned to one
   * core: 7 % of whole answers took 1 to 5 ms longer, and one stream in two started 3 to 4 ms late.
   * An exchange ended on its IO thread takes a path without that wait.
   *
   * @param exchange an exchange dispatched to the calling worker
   * @param last what ends the exchange, run on its IO thread
   */
  public static void endOnIoThread(HttpServerExchange exchange, Runnable last) {
    exchange.startBlocking(null);
    exchange.dispatch(exchange.getIoThread(), last);
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
