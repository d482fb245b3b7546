package dev.llmrouter.server.ingress;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.server.http.AccessControl;
import dev.llmrouter.server.http.ConnectionFront;
import dev.llmrouter.server.http.Cors;
import dev.llmrouter.server.http.IdleHangUps;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.DateUtils;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.xnio.StreamConnection;

/**
 * The server's front for passthrough requests: it reads each request's head on the connection's IO
 * thread and serves a plain, unambiguous request to a client API ({@code POST} with a length, the
 * key in a header, a body the router can route) on a short path of its own ({@link
 * FrontConnection}, {@link FrontRequest}): the request is parsed by {@link RequestHead}, routed
 * and relayed by a {@link DirectStream}, and its answer's head and chunks are written by the
 * front, without Undertow's exchange. Anything else (another route, a refusal, a malformed body, a
 * request the parser declines) goes to Undertow with the bytes read, and the connection stays
 * Undertow's: Undertow answers it as it would have without the front. A request whose routing
 * needs a worker (a converting channel) is handed to Undertow too, and its routing goes on there
 * ({@link #resume}).
 *
 * <p>This class is thread-safe; each connection's work runs on its IO thread.
 */
public final class Front implements ConnectionFront {
  private final ProxyHandler proxy;
  private final AccessControl access;
  private final Cors cors;
  private final BooleanSupplier stopping;
  private final ByteBufferPool buffers;
  private final Executor workers;
  private final long parseTimeoutMillis;
  private final long idleTimeoutMillis;
  /** Each IO thread's parser: a head is parsed whole on its thread before anything else runs there. */
  private final ThreadLocal<RequestHead> heads = ThreadLocal.withInitial(RequestHead::new);
  /** The requests handed to Undertow in the middle of their routing, by connection, until Undertow takes them. */
  private final Map<StreamConnection, FrontRequest> handedOver = new ConcurrentHashMap<>();
  /** The requests this front serves now (a handed-over one until its exchange completes). */
  private final Object lock = new Object();
  private int active;
  private final LongAdder requests = new LongAdder();
  private final LongAdder handOffs = new LongAdder();
  /** The last {@code Date} header and the second it was made for. */
  private volatile DateHeader date = new DateHeader(0, "");

  private record DateHeader(long second, String value) {}

  /**
   * @param proxy the proxy's handler, whose routing, admission and bookkeeping the front shares
   * @param cors the headers every answer carries, or null for none
   * @param stopping tells whether the server stops: new requests then go to Undertow, which refuses them
   * @param workers runs the rest of a request whose routing needs a worker
   * @param parseTimeoutMillis how long a request's head may take to come whole, as Undertow's {@code
   *     REQUEST_PARSE_TIMEOUT}
   * @param idleTimeoutMillis how long a connection may wait for its next request, as Undertow's {@code
   *     NO_REQUEST_TIMEOUT}
   */
  public Front(ProxyHandler proxy, AccessControl access, Cors cors, BooleanSupplier stopping, ByteBufferPool buffers,
      Executor workers, long parseTimeoutMillis, long idleTimeoutMillis) {
    this.parseTimeoutMillis = parseTimeoutMillis;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.proxy = proxy;
    this.access = access;
    this.cors = cors;
    this.stopping = stopping;
    this.buffers = buffers;
    this.workers = workers;
  }

  @Override
  public void accepted(StreamConnection connection, IdleHangUps hangUps, Server server) {
    new FrontConnection(this, connection, hangUps, server).start();
  }

  /**
   * Goes on with a request handed to Undertow in the middle of its routing, if the exchange is its:
   * called first for every exchange, on its IO thread.
   *
   * @return true when the exchange was such a request's, which is then served
   */
  public boolean resume(HttpServerExchange exchange) {
    if (handedOver.isEmpty() || !(exchange.getConnection() instanceof HttpServerConnection c)) return false;
    FrontRequest request = handedOver.remove(c.getChannel());
    if (request == null) return false;
    exchange.addExchangeCompleteListener((ex, next) -> {
      ended();
      next.proceed();
    });
    request.resume(exchange);
    return true;
  }

  /**
   * Waits until no request the front serves is left, or the time is up.
   *
   * @return true when none is left
   */
  public boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (lock) {
      while (active > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) return false;
        lock.wait(left);
      }
      return true;
    }
  }

  /** {@return how many requests the front took} */
  public long requests() {
    return requests.sum();
  }

  /** {@return how many connections the front handed to Undertow} */
  public long handOffs() {
    return handOffs.sum();
  }

  // What the front's connections and requests share.

  void started() {
    requests.increment();
    synchronized (lock) {
      active++;
    }
  }

  void handedOff() {
    handOffs.increment();
  }

  void ended() {
    synchronized (lock) {
      if (--active == 0) lock.notifyAll();
    }
  }

  /** Keeps a request handed to Undertow until Undertow's exchange for it comes to {@link #resume}. */
  void handOver(StreamConnection connection, FrontRequest request) {
    handedOver.put(connection, request);
  }

  /** Forgets a request handed over whose connection closed before Undertow made its exchange. */
  FrontRequest forget(StreamConnection connection) {
    return handedOver.remove(connection);
  }

  /**
   * What a request to this path is, when the front may serve it: a client API's call that needs no
   * worker whatever its body says (no compaction, token count, or Gemini stream as a JSON array).
   *
   * @return null when the request is Undertow's
   */
  Target target(String method, String path, String query) {
    if (!method.equals("POST")) return null;
    // Escapes in the query are decoded the general way, which the parameters read here must agree with.
    if (query.indexOf('%') >= 0 || query.indexOf('+') >= 0) return null;
    switch (path) {
      case "/v1/messages":
        return new Target(ApiKind.MESSAGES, "messages", null, false);
      case "/v1/responses":
        return proxy.recordsConversations() ? null : new Target(ApiKind.RESPONSES, "responses", null, false);
      default:
        break;
    }
    GeminiPath gemini = GeminiPath.parse(path);
    if (gemini == null || gemini.model().isEmpty()) return null;
    if (!gemini.action().equals("generateContent") && !gemini.action().equals("streamGenerateContent")) return null;
    // A stream's events as SSE only: without alt=sse, Gemini's answer is one JSON array, made on a worker.
    if (gemini.isStream() && !QueryStrings.has(query, "alt", "sse")) return null;
    return new Target(ApiKind.GEMINI, gemini.action(), gemini.model(), gemini.isStream());
  }

  /** A request the front may serve: its API, operation, and the model and stream flag its URL names (Gemini). */
  record Target(ApiKind kind, String operation, String urlModel, boolean urlStream) {}

  /** The value of the {@code Date} header now, made once a second. */
  String date() {
    long second = System.currentTimeMillis() / 1000;
    DateHeader d = date;
    if (d.second() != second) {
      d = new DateHeader(second, DateUtils.toDateString(new Date(second * 1000)));
      date = d;
    }
    return d.value();
  }

  RequestHead head() {
    return heads.get();
  }

  long parseTimeoutMillis() {
    return parseTimeoutMillis;
  }

  long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  ProxyHandler proxy() {
    return proxy;
  }

  AccessControl access() {
    return access;
  }

  Cors cors() {
    return cors;
  }

  boolean stopping() {
    return stopping.getAsBoolean() || proxy.isStopping();
  }

  ByteBufferPool buffers() {
    return buffers;
  }

  Executor workers() {
    return workers;
  }
}
