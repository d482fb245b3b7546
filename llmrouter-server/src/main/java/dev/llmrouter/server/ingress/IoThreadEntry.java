package dev.llmrouter.server.ingress;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.scheduler.PendingAttempt;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Routing;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RequestHeaders;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * One proxied request as it comes in on its connection's IO thread ({@link
 * ProxyHandler#handleOnIoThread}): its body is read there without blocking, and the request (a
 * stream, or one whose answer comes whole) is routed there and served by a {@link DirectStream} to
 * its end, with no worker and no thread of its own. Any other request (a compaction or token
 * count, a Gemini stream asked for as a JSON array, a Responses turn that records a conversation,
 * body logging, a chunked body), or the rest of one whose attempt needs a worker (a converting
 * channel), goes to a worker and is served as {@link ProxyHandler#handle}
 * serves it. The request's side (its bookkeeping, its answer's headers) is this object's, as the
 * {@link DirectStream}'s {@link StreamHost}. Not thread-safe: on the IO thread, then on one worker
 * when handed over.
 */
final class IoThreadEntry extends IoThreadRequest {
  private static final Logger log = LoggerFactory.getLogger(IoThreadEntry.class);

  private final HttpServerExchange exchange;
  private final String urlModel;
  private final boolean urlStream;
  private final Executor workers;
  // Set once the stream is routed here.
  private AtomicReference<CancelSignal> holder;
  private ClientWatch watch;

  IoThreadEntry(ProxyHandler h, HttpServerExchange exchange, ApiKind kind, String operation, String urlModel,
      boolean urlStream, Executor workers) {
    super(h, kind, operation);
    this.exchange = exchange;
    this.urlModel = urlModel;
    this.urlStream = urlStream;
    this.workers = workers;
  }

  /** Admits the request and reads its body; inside the handler's call on the IO thread. */
  void start() {
    long declared = exchange.getRequestContentLength();
    UpstreamClient client = h.directClient();
    if (client == null || declared < 0 || declared > h.maxBodyBytes() || h.logsBodies()
        || operation.equals("compact") || operation.equals("count_tokens") || operation.equals("countTokens")) {
      toWorker(() -> h.handle(exchange, kind, operation, urlModel, urlStream));
      return;
    }
    start = System.nanoTime();
    requestId = h.beginRequest(exchange);
    held = h.admit(exchange, kind, operation, requestId, start, declared);
    if (held == null) return;
    // Dispatched to this same thread: the exchange stays open after the handler returns, whatever
    // the reading of the body or the upstream call wait for.
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> readBody(exchange, (int) declared,
        body -> received(body, client), () -> {
          held.end();
          exchange.setPersistent(false);
          exchange.endExchange();
        }));
  }

  /**
   * Reads a body of a declared length without blocking, and then its end, which marks the request
   * as complete (so that the connection serves the next one); on the IO thread.
   */
  private static void readBody(HttpServerExchange exchange, int length, Consumer<byte[]> done, Runnable failed) {
    StreamSourceChannel channel = exchange.getRequestChannel();
    if (channel == null) {
      failed.run();
      return;
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    ByteBuffer probe = ByteBuffer.allocate(1);
    ChannelListener<StreamSourceChannel> reader = new ChannelListener<>() {
      @Override
      public void handleEvent(StreamSourceChannel c) {
        try {
          while (true) {
            int n = c.read(body.hasRemaining() ? body : probe);
            if (n == 0) {
              c.getReadSetter().set(this);
              c.resumeReads();
              return;
            }
            if (n < 0 && body.hasRemaining() || n > 0 && probe.position() > 0) {
              throw new IOException("request body does not match its declared length");
            }
            if (n < 0) {
              c.suspendReads();
              c.getReadSetter().set(null);
              done.accept(body.array());
              return;
            }
          }
        } catch (IOException e) {
          c.suspendReads();
          c.getReadSetter().set(null);
          failed.run();
        }
      }
    };
    reader.handleEvent(channel);
  }

  /** Hands the request to a worker, as a handler's call; a full pool answers 503 in the client's format. */
  private void toWorker(Runnable task) {
    Executor guarded = ServerContext.refusingWhenFull(exchange, protocol, workers);
    try {
      // As a handler: the exchange ends on the IO thread once the task has returned.
      exchange.dispatch(guarded, (HttpHandler) ex -> task.run());
    } catch (RejectedExecutionException e) {
      // answered above
    }
  }

  /** The body was read: on the IO thread. */
  private void received(byte[] body, UpstreamClient client) {
    held.resize(body.length);
    RoutingFields fields;
    try {
      fields = RoutingFields.scan(body);
    } catch (MalformedJsonException e) {
      held.end();
      Exchanges.sendError(exchange, protocol, 400, ErrorType.INVALID_REQUEST,
          "request body is not valid JSON: " + e.getMessage());
      h.accessLog().rejected(requestId, kind, operation, 400, "body is not JSON", start);
      return;
    }
    String model = urlModel != null ? urlModel : fields.model();
    boolean stream = urlModel != null ? urlStream : fields.isStream();
    boolean jsonArray = kind == ApiKind.GEMINI && stream && !"sse".equals(ProxyHandler.queryParam(exchange, "alt"));
    if (jsonArray || h.recordsConversations() && kind == ApiKind.RESPONSES) {
      toWorker(() -> {
        try {
          exchange.startBlocking();
          h.serveBody(exchange, kind, operation, urlModel, urlStream, requestId, start, held, body);
        } finally {
          held.end();
        }
      });
      return;
    }
    ClientRequest request = RoutingHints.withRequestId(new ClientRequest(kind, operation, CommonStrings.of(exchange.getRequestPath()),
        QueryStrings.withoutKey(exchange.getQueryString()), RequestHeaders.of(exchange), body, fields, model, stream),
        requestId);
    this.stream = stream;
    // What stays until the stream ends keeps the request's description only, not its body: the
    // routing lets go of the body once an answer is the client's.
    described = request.withoutBody();
    // The request's headers are the library's copy from here on; Undertow read what it needs of its
    // own map when the request was parsed and its body read. A stream open for minutes keeps one.
    exchange.getRequestHeaders().clear();
    entry = h.accessLog().begin(requestId, described, start);
    cancel = new CancelSignal();
    holder = h.inFlight(exchange, cancel);
    watch = ClientWatch.create(exchange, cancel);
    Routing routing = h.router().begin(request, cancel);
    new DirectStream(new ExchangeSide(exchange), routing, cancel, client, this, stream, "text/event-stream; charset=utf-8",
        h.pingInterval(), StreamPings.pingBytes(protocol, false), watch).start();
  }

  @Override
  public void toWorker(Routing r, PendingAttempt attempt) {
    onWorker(exchange, r, attempt, holder, watch, workers, () -> ended(null, -1, true));
  }

  @Override
  public void startAnswer(RoutedResponse response) {
    held.release();
    h.startAnswer(exchange, response);
  }

  @Override
  public void ended(RoutedResponse response, long firstByteNanos, boolean cancelled) {
    holder.compareAndSet(cancel, null);
    h.notInFlight(cancel);
    h.accessLog().end(entry, exchange.getStatusCode(), response == null ? null : response.channel(),
        response == null ? 0 : response.attempts(), firstByteNanos, System.nanoTime(), cancelled);
    held.end();
  }
}
