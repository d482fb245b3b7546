package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.scheduler.PendingAttempt;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Routing;
import dev.llmrouter.server.logging.AccessLog;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;

/**
 * One request the {@link Front} serves: routed and relayed by a {@link DirectStream} on its
 * connection's IO thread, as {@link IoThreadEntry} serves one that came through Undertow, with the
 * same bookkeeping (request id, access line, requests in flight, the body's place in the budget).
 * Its answer is written here: the head (the status, the headers every answer carries, the
 * upstream's and the router's own, the framing and the date) goes out with the first bytes, a
 * stream's events in the chunked encoding, a whole answer with its length. When the routing needs
 * a worker, the connection goes to Undertow and the request goes on there ({@link #resume}).
 *
 * <p>Not thread-safe: on the IO thread, then (handed over) on one worker.
 */
final class FrontRequest extends IoThreadRequest implements ClientSide {
  private static final Logger log = LoggerFactory.getLogger(FrontRequest.class);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Front front;
  private final FrontConnection connection;
  private final String path;
  private boolean keepAlive;
  private ClientRequest request;
  // Handed to a worker: the routing and its pending attempt, until Undertow's exchange comes.
  private Routing routing;
  private PendingAttempt pending;

  // The answer.
  private int status = 200;
  /** The head's headers, names and values in turn; let go of once the head went out. */
  private List<String> headers = new ArrayList<>(24);
  private boolean headSent;
  private boolean lastFramed;
  private ConduitStreamSinkChannel sink;
  /** Bytes framed for the client and not written yet. */
  private ByteBuffer pendingOut = EMPTY;

  FrontRequest(Front front, FrontConnection connection, Front.Target target, String path, String query,
      HttpHeaders requestHeaders, boolean keepAlive, byte[] body, RoutingFields fields, ProxyHandler.HeldBody held,
      long start) {
    super(front.proxy(), target.kind(), target.operation());
    this.front = front;
    this.connection = connection;
    this.path = path;
    this.keepAlive = keepAlive;
    this.held = held;
    this.start = start;
    String model = target.urlModel() != null ? target.urlModel() : fields.model();
    this.stream = target.urlModel() != null ? target.urlStream() : fields.isStream();
    this.requestId = AccessLog.requestId(requestHeaders.get(ProxyHandler.REQUEST_ID));
    this.request = RoutingHints.withRequestId(new ClientRequest(kind, operation, CommonStrings.of(path),
        QueryStrings.withoutKey(query), requestHeaders, body, fields, model, stream), requestId);
  }

  /** Routes the request and starts its answer; on the IO thread. */
  void start() {
    ClientRequest r = request;
    request = null;
    held.resize(r.body().length);
    // What stays until the answer ends keeps the request's description only, not its body: the
    // routing lets go of the body once an answer is the client's.
    described = r.withoutBody();
    entry = h.accessLog().begin(requestId, described, start);
    cancel = new CancelSignal();
    h.inFlight(cancel);
    if (front.cors() != null) front.cors().forEachHeader(this::add);
    add(ProxyHandler.REQUEST_ID, requestId);
    Routing routing = h.router().begin(r, cancel);
    new DirectStream(this, routing, cancel, h.directClient(), this, stream, "text/event-stream; charset=utf-8",
        h.pingInterval(), StreamPings.pingBytes(protocol, false), connection).start();
  }

  /** The client hung up (or its connection closed) before the answer ended: the request is cancelled. */
  void clientHungUp() {
    CancelSignal c = cancel;
    if (c != null) c.cancel();
  }

  // The client's side (ClientSide).

  @Override
  public XnioIoThread ioThread() {
    return connection.io();
  }

  @Override
  public ByteBufferPool buffers() {
    return front.buffers();
  }

  @Override
  public void status(int code) {
    status = code;
  }

  @Override
  public void openStream(String contentType, Runnable writable) {
    put("Content-Type", contentType);
    put("Cache-Control", "no-cache");
    put("X-Accel-Buffering", "no");
    sink = connection.sink();
    sink.getWriteSetter().set(ch -> writable.run());
  }

  @Override
  public int write(ByteBuffer bytes) {
    int n = bytes.remaining();
    frame(bytes, false);
    return n;
  }

  @Override
  public int writeFinal(ByteBuffer bytes) {
    int n = bytes.remaining();
    frame(bytes, true);
    return n;
  }

  @Override
  public void shutdownWrites() {
    if (!lastFramed) frame(EMPTY, true);
  }

  @Override
  public boolean flush() throws IOException {
    while (pendingOut.hasRemaining()) {
      if (sink.write(pendingOut) == 0) return false;
    }
    pendingOut = EMPTY;
    return sink.flush();
  }

  @Override
  public void suspendWrites() {
    sink.suspendWrites();
  }

  @Override
  public void resumeWrites() {
    sink.resumeWrites();
  }

  @Override
  public void headSent() {
    headers = null;
  }

  @Override
  public void sendWhole(ByteBuffer body, String type, Consumer<Boolean> done) {
    if (type != null) put("Content-Type", type);
    sink = connection.sink();
    ByteBuffer[] out = {ByteBuffer.wrap(head("Content-Length", Integer.toString(body.remaining()))), body};
    headSent = true;
    headers = null;
    Runnable[] writeOut = new Runnable[1];
    writeOut[0] = () -> {
      try {
        while (out[1].hasRemaining() || out[0].hasRemaining()) {
          if (sink.write(out, 0, 2) == 0) {
            sink.getWriteSetter().set(ch -> writeOut[0].run());
            sink.resumeWrites();
            return;
          }
        }
        if (!sink.flush()) {
          sink.getWriteSetter().set(ch -> writeOut[0].run());
          sink.resumeWrites();
          return;
        }
        sink.suspendWrites();
        sink.getWriteSetter().set(null);
      } catch (IOException e) {
        abort();
        done.accept(true);
        return;
      }
      end();
      done.accept(false);
    };
    writeOut[0].run();
  }

  @Override
  public void end() {
    if (sink != null) sink.getWriteSetter().set(null);
    connection.requestEnded(keepAlive);
  }

  @Override
  public void abort() {
    keepAlive = false;
    connection.close();
  }

  /** Frames bytes for the client (after the head, if it has not gone out): a chunk, and the last one if asked. */
  private void frame(ByteBuffer bytes, boolean last) {
    byte[] headBytes = headSent ? null : head("Transfer-Encoding", "chunked");
    headSent = true;
    int n = bytes.remaining();
    byte[] size = n > 0 ? Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1) : null;
    int total = pendingOut.remaining() + (headBytes == null ? 0 : headBytes.length)
        + (n > 0 ? size.length + 2 + n + 2 : 0) + (last ? LAST_CHUNK.length : 0);
    ByteBuffer out = ByteBuffer.allocate(total);
    out.put(pendingOut);
    if (headBytes != null) out.put(headBytes);
    if (n > 0) out.put(size).put(CRLF).put(bytes).put(CRLF);
    if (last) {
      out.put(LAST_CHUNK);
      lastFramed = true;
    }
    pendingOut = out.flip();
  }

  /** The answer's head, with its framing header. */
  private byte[] head(String framing, String value) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("HTTP/1.1 ").append(status).append(' ').append(StatusCodes.getReason(status)).append("\r\n");
    List<String> hs = headers;
    for (int i = 0; i < hs.size(); i += 2) sb.append(hs.get(i)).append(": ").append(hs.get(i + 1)).append("\r\n");
    sb.append(framing).append(": ").append(value).append("\r\n");
    if (!keepAlive) sb.append("Connection: close\r\n");
    sb.append("Date: ").append(front.date()).append("\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private void add(String name, String value) {
    headers.add(name);
    headers.add(value);
  }

  /** Sets a header, in place of any of that name. */
  private void put(String name, String value) {
    for (int i = headers.size() - 2; i >= 0; i -= 2) {
      if (headers.get(i).equalsIgnoreCase(name)) {
        headers.remove(i + 1);
        headers.remove(i);
      }
    }
    add(name, value);
  }

  // The request's side (StreamHost).

  @Override
  public void toWorker(Routing r, PendingAttempt attempt) {
    routing = r;
    pending = attempt;
    connection.handOffToWorker(this, path, keepAlive);
  }

  /**
   * Goes on with the request on Undertow's exchange for its connection, on a worker: the pending
   * attempt is made there, then the rest of the routing, as {@link IoThreadEntry} hands one over.
   * Called by Undertow's root handler on the IO thread.
   */
  void resume(HttpServerExchange exchange) {
    if (front.cors() != null) front.cors().apply(exchange);
    exchange.getResponseHeaders().put(new HttpString(ProxyHandler.REQUEST_ID), requestId);
    AtomicReference<CancelSignal> holder = h.inFlight(exchange, cancel);
    ClientWatch watch = ClientWatch.create(exchange, cancel);
    Routing r = routing;
    PendingAttempt attempt = pending;
    pending = null;
    routing = null;
    // After the root handler's call: the exchange stays open until the worker has written the answer.
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> onWorker(exchange, r, attempt, holder, watch, front.workers(),
        () -> {
          holder.compareAndSet(cancel, null);
          h.notInFlight(cancel);
          h.accessLog().end(entry, 503, null, 0, -1, System.nanoTime(), true);
          held.end();
        }));
  }

  /** Handed to Undertow, the request was not taken up there (its connection closed first): it ends as cancelled. */
  void notResumed() {
    cancel.cancel();
    RoutedResponse gone = routing.failed(pending, new InterruptedIOException("not sent: the client's connection closed"));
    if (gone != null) gone.close();
    routing = null;
    pending = null;
    ended(null, -1, true);
  }

  @Override
  public void startAnswer(RoutedResponse response) {
    held.release();
    status = response.status();
    h.answerHeaders(response, this::add);
  }

  @Override
  public void ended(RoutedResponse response, long firstByteNanos, boolean cancelled) {
    h.notInFlight(cancel);
    h.accessLog().end(entry, status, response == null ? null : response.channel(),
        response == null ? 0 : response.attempts(), firstByteNanos, System.nanoTime(), cancelled);
    held.end();
    front.ended();
  }
}
