package dev.llmrouter.server.ingress;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.StreamedBody;
import dev.llmrouter.server.logging.BodyLog;
import dev.llmrouter.server.sessions.Turn;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a routed answer to its client from the request's worker (the egress of {@link
 * ProxyHandler}): the status and headers (the upstream's and the router's own), then a whole body,
 * or a stream written and flushed frame by frame, with keep-alive pings while the upstream is
 * silent. A client that goes away mid-stream cancels the upstream call; a stream cut by a shutdown
 * ends with an error event in the client's own protocol.
 *
 * <p>Holds only its settings; this class is thread-safe. Each call writes one exchange, on that
 * request's worker.
 */
final class AnswerWriter {
  // The log lines keep the logger name they had when this was part of ProxyHandler.
  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
  private static final String CHANNEL_HEADER = "x-llmrouter-channel";
  private static final String ATTEMPTS_HEADER = "x-llmrouter-attempts";
  private static final String UPSTREAM_REQUEST_ID_HEADER = "x-llmrouter-upstream-request-id";
  /** The message (as a JSON string's content) of a stream that broke because its upstream call was cancelled. */
  private static final Pattern UPSTREAM_FAILED =
      Pattern.compile("upstream stream failed: [^\"\\\\]*(?:\\\\.[^\"\\\\]*)*");

  private final boolean attemptHeaders;
  private final StreamPings pings;
  private final BodyLog responseBodies;
  private final BooleanSupplier stopping;

  /**
   * @param attemptHeaders whether the answer names the channel and the number of attempts in headers
   * @param pings sends the keep-alives of streamed answers
   * @param responseBodies logs answers, or null not to
   * @param stopping tells whether the server is stopping (a cancel is then a shutdown, not a client gone)
   */
  AnswerWriter(boolean attemptHeaders, StreamPings pings, BodyLog responseBodies, BooleanSupplier stopping) {
    this.attemptHeaders = attemptHeaders;
    this.pings = pings;
    this.responseBodies = responseBodies;
    this.stopping = stopping;
  }

  /**
   * Writes the answer to the exchange, in blocking mode on the request's worker. Cancels the
   * response's upstream call when the client goes away or the server stops; the response itself
   * stays the caller's to close.
   *
   * @param endWatch stops watching the client's connection; run once the answer's last bytes are due
   * @param turn the Responses turn that records the answer, or null
   * @param firstByte where the time of the answer's first byte ({@link System#nanoTime()}) is put
   */
  void write(HttpServerExchange exchange, Protocol protocol, RoutedResponse response, CancelSignal cancel,
      boolean jsonArray, Runnable endWatch, Turn turn, long[] firstByte, String requestId) {
    if (stopping.getAsBoolean() && cancel.isCancelled()) {
      response.cancel();
      Exchanges.sendError(exchange, protocol, 503, ErrorType.OVERLOADED, ProxyHandler.SHUTDOWN_MESSAGE);
      return;
    }
    startAnswer(exchange, response);
    if (!response.isStream()) {
      byte[] body = response.body();
      if (turn != null) turn.onBody(response.status(), response.channel(), response.keyFingerprint(), body);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
      if (responseBodies != null) {
        log.info("[Response-Body] id={} status={} body={}", requestId, response.status(), responseBodies.body(body));
      }
      endWatch.run();
      firstByte[0] = System.nanoTime();
      Exchanges.sendFromIoThread(exchange, body);
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
        jsonArray ? "application/json; charset=utf-8" : "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseHeaders().put(ProxyHandler.ACCEL_BUFFERING, "no");
    // Written from this worker; its close() ends the exchange on the IO thread.
    StreamedBody out = new StreamedBody(exchange);
    StreamPings.Stream ping = pings.open(out, StreamPings.pingBytes(protocol, jsonArray));
    try {
      JsonArrayStream array = jsonArray ? new JsonArrayStream(out) : null;
      StringBuilder events = responseBodies == null ? null : new StringBuilder();
      while (true) {
        StreamFrame frame;
        boolean readFailed = false;
        try {
          frame = response.nextFrame();
        } catch (IOException e) {
          if (!stopping.getAsBoolean()) throw e;
          frame = null;
          readFailed = true;
        }
        if (frame == null && !readFailed && cancel.isCancelled() && stopping.getAsBoolean()) {
          // The stream's own end was written (to a slow client, whose socket held this worker
          // while the stop began): nothing is cut, so no error event goes after that end.
          log.info("[Server-Shutdown] a stream whose last event was already read ends as it is");
        } else if (cancel.isCancelled() || readFailed) {
          if (!stopping.getAsBoolean()) throw new IOException("client went away");
          // Cut by a shutdown: the client is told so in its own protocol, not left with a silent end.
          emit(shutdownEnd(response, frame, protocol), out, array, ping);
          response.cancel();
          log.info("[Server-Shutdown] a stream was ended with an error event");
          break;
        }
        if (frame == null) break;
        if (firstByte[0] < 0) firstByte[0] = System.nanoTime();
        if (events != null && events.length() < BodyLog.MAX_ENTRY * 4) {
          events.append(new String(frame.bytes(), StandardCharsets.UTF_8));
        }
        if (turn != null) turn.onFrame(response.status(), response.channel(), response.keyFingerprint(), frame);
        emit(frame, out, array, ping);
      }
      ping.close();
      if (array != null) array.close();
      endWatch.run();
      out.close();
      if (events != null) {
        log.info("[Response-Body] id={} status={} events={}", requestId, response.status(),
            responseBodies.events(events.toString()));
      }
    } catch (IOException e) {
      // The client is gone (a failed write) or the upstream read failed after a cancel.
      cancel.cancel();
      response.cancel();
      exchange.setPersistent(false);
      log.info("[Proxy-Cancel] client went away mid-stream; upstream call cancelled");
    } finally {
      // On every path, also an unexpected exception: no ping for an answer that has ended.
      ping.close();
    }
  }

  /** Sets the answer's status and headers: the upstream's, and the router's own. */
  void startAnswer(HttpServerExchange exchange, RoutedResponse response) {
    exchange.setStatusCode(response.status());
    answerHeaders(response, (name, value) -> exchange.getResponseHeaders().add(new HttpString(name), value));
  }

  /**
   * Gives each header of the answer's head besides its framing and content type: the upstream's,
   * and the router's own (the channel and the attempts, once each).
   */
  void answerHeaders(RoutedResponse response, java.util.function.BiConsumer<String, String> header) {
    boolean channel = attemptHeaders && response.channel() != null;
    response.headers().forEach((name, value) -> {
      // The router's own replace the upstream's of the same name (an upstream that is a router too).
      if (channel && name.equalsIgnoreCase(CHANNEL_HEADER) || attemptHeaders && name.equalsIgnoreCase(ATTEMPTS_HEADER)) {
        return;
      }
      // The request's own id names it here; the upstream's id goes on under another name.
      header.accept(name.equalsIgnoreCase("x-request-id") ? UPSTREAM_REQUEST_ID_HEADER : name, value);
    });
    if (channel) {
      header.accept(CHANNEL_HEADER, headerSafe(response.channel().displayName()));
    }
    if (attemptHeaders) header.accept(ATTEMPTS_HEADER, Integer.toString(response.attempts()));
  }

  /**
   * The last frame of a stream cut by a shutdown. When the cancelled upstream read already made the
   * exchange end its stream (a converted stream's closing events, in step with what was sent: a
   * Responses stream's sequence numbers), that frame is used with the shutdown as its message;
   * otherwise the exchange makes one.
   */
  static StreamFrame shutdownEnd(RoutedResponse response, StreamFrame read, Protocol protocol) {
    if (read != null && read.error()) {
      String text = UPSTREAM_FAILED.matcher(read.text()).replaceFirst(ProxyHandler.SHUTDOWN_MESSAGE);
      return new StreamFrame(text.getBytes(StandardCharsets.UTF_8), true);
    }
    StreamFrame end = response.errorFrame(ProxyHandler.SHUTDOWN_MESSAGE);
    return end != null ? end
        : new StreamFrame(ClientErrors.streamEvent(protocol, ErrorType.OVERLOADED, ProxyHandler.SHUTDOWN_MESSAGE),
            true);
  }

  /** Writes and flushes one frame, holding the stream against keep-alive pings. */
  private static void emit(StreamFrame frame, OutputStream out, JsonArrayStream array, StreamPings.Stream ping)
      throws IOException {
    ping.lock();
    try {
      if (array != null) {
        array.write(frame);
      } else {
        out.write(frame.bytes());
        out.flush();
      }
    } finally {
      ping.unlock();
    }
  }

  private static String headerSafe(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return sb.toString();
  }
}
