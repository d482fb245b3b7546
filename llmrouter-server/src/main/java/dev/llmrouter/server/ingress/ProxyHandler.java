package dev.llmrouter.server.ingress;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RequestBodies;
import dev.llmrouter.server.http.RequestHeaders;
import dev.llmrouter.server.logging.AccessLog;
import dev.llmrouter.server.logging.BodyLog;
import dev.llmrouter.server.sessions.ResponsesSessions;
import dev.llmrouter.server.sessions.Turn;
import dev.llmrouter.server.tokens.GeminiCounts;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one proxied request on a worker thread: reads the body once (with a cap), scans the
 * routing fields, hands the request to the {@link Router} and writes its answer, flushing each
 * streamed event as it arrives. A client that goes away cancels the upstream call.
 *
 * <p>Its parts: admission control ({@code Admission}), the requests in flight ({@code
 * InFlightRequests}) and the writing of an answer ({@code AnswerWriter}). This class is thread-safe.
 */
public final class ProxyHandler implements AutoCloseable {
  /**
   * How long a request runs before its client's connection is watched for a hang-up (see
   * {@link ClientWatches}).
   */
  static final java.time.Duration WATCH_DELAY = java.time.Duration.ofMillis(20);

  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
  /** What a client whose answer is cut by a shutdown is told. */
  static final String SHUTDOWN_MESSAGE = "the server is shutting down; the answer was cut short";
  /** The header that names a request: the client's id when usable, else the router's. */
  static final String REQUEST_ID = "x-request-id";
  private static final HttpString REQUEST_ID_HEADER = new HttpString(REQUEST_ID);
  static final HttpString ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

  private final Router router;
  private final InFlightRequests inFlight = new InFlightRequests();
  private final long maxBodyBytes;
  private final ResponsesSessions sessions;
  private final ClientWatches watches = new ClientWatches(WATCH_DELAY);
  private final java.time.Duration pingInterval;
  /** Closes the IO-thread client's idle connections no longer kept: the workers, which write the pings. */
  private final java.util.concurrent.Executor idleClosers;
  /** Makes the upstream calls of streams served on the IO thread; null while that is off. */
  private volatile UpstreamClient directClient;
  /** Streams served on the IO thread to their end. */
  private final java.util.concurrent.atomic.LongAdder streamsOnIoThread = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder answersOnIoThread = new java.util.concurrent.atomic.LongAdder();
  /** The most request ends the IO threads leave to the settling thread and that are not settled yet. */
  static final int MAX_SETTLING = 256;
  /** Settles the ends of requests served on the IO thread, within {@link #MAX_SETTLING}. */
  private final Settler settling = new Settler(MAX_SETTLING, "llmrouter-settle");
  private volatile boolean stopping;
  private final AccessLog accessLog;
  private final BodyLog requestBodies;
  private final BodyLog responseBodies;
  /** The limits on requests served and on request bodies held at once; see {@link #admit}. */
  private final Admission admission;
  /** Writes the answers of requests served on workers. */
  private final AnswerWriter writer;

  public ProxyHandler(Router router, long maxBodyBytes, boolean attemptHeaders) {
    this(router, maxBodyBytes, attemptHeaders, null);
  }

  /** @param sessions Responses conversation state, or null to pass Responses requests as they are */
  public ProxyHandler(Router router, long maxBodyBytes, boolean attemptHeaders, ResponsesSessions sessions) {
    this(router, maxBodyBytes, attemptHeaders, sessions, java.time.Duration.ZERO, Runnable::run, new AccessLog(),
        null, null, 0);
  }

  /**
   * @param sessions Responses conversation state, or null to pass Responses requests as they are
   * @param pingInterval the upstream silence after which a streaming client gets a keep-alive; zero for none
   * @param pingWriters where keep-alive writes run (they may block on a slow client)
   * @param accessLog writes one line per request (it must also be the router's outcome listener to
   *     know the attempts)
   * @param requestBodies logs request bodies, or null not to
   * @param responseBodies logs answers, or null not to
   * @param maxConcurrent the most requests served at once (streams for as long as they run); a
   *     request beyond it is refused with 503 in its API's format. 0 for no limit
   */
  public ProxyHandler(Router router, long maxBodyBytes, boolean attemptHeaders, ResponsesSessions sessions,
      java.time.Duration pingInterval, java.util.concurrent.Executor pingWriters, AccessLog accessLog,
      BodyLog requestBodies, BodyLog responseBodies, int maxConcurrent) {
    this(router, maxBodyBytes, attemptHeaders, sessions, pingInterval, pingWriters, accessLog, requestBodies,
        responseBodies, maxConcurrent, 0);
  }

  /**
   * As above, with a budget for the request bodies held at once.
   *
   * @param bodyBudget the most bytes of request bodies held at once by requests whose answer has not
   *     begun (an answer that has begun lets go of its body); a request whose declared body would go
   *     beyond it while others hold theirs is refused with 503 in its API's format before its body is
   *     read. 0 for no budget
   */
  public ProxyHandler(Router router, long maxBodyBytes, boolean attemptHeaders, ResponsesSessions sessions,
      java.time.Duration pingInterval, java.util.concurrent.Executor pingWriters, AccessLog accessLog,
      BodyLog requestBodies, BodyLog responseBodies, int maxConcurrent, long bodyBudget) {
    this.admission = new Admission(maxConcurrent, bodyBudget, accessLog);
    this.router = router;
    this.maxBodyBytes = maxBodyBytes;
    this.sessions = sessions;
    this.writer = new AnswerWriter(attemptHeaders, new StreamPings(pingInterval, watches.ticker(), pingWriters),
        responseBodies, this::isStopping);
    this.pingInterval = pingInterval;
    this.idleClosers = pingWriters;
    this.accessLog = accessLog;
    this.requestBodies = requestBodies;
    this.responseBodies = responseBodies;
  }

  /**
   * Handles a request; must run on a worker thread.
   *
   * @param urlModel the model named in the URL (Gemini), or null to use the body's
   * @param urlStream true when the URL asks for a stream (Gemini), false to use the body's flag
   */
  public void handle(HttpServerExchange exchange, ApiKind kind, String operation, String urlModel, boolean urlStream) {
    long start = System.nanoTime();
    String requestId = beginRequest(exchange);
    HeldBody held = admit(exchange, kind, operation, requestId, start, Math.max(exchange.getRequestContentLength(), 0));
    if (held == null) return;
    try {
      serve(exchange, kind, operation, urlModel, urlStream, requestId, start, held);
    } finally {
      held.end();
    }
  }

  /** Gives the request its id (the client's, when it sent a usable one) and answers with it; {@return the id} */
  String beginRequest(HttpServerExchange exchange) {
    String requestId = AccessLog.requestId(exchange.getRequestHeaders().getFirst(REQUEST_ID_HEADER));
    exchange.getResponseHeaders().put(REQUEST_ID_HEADER, requestId);
    return requestId;
  }

  /**
   * Admits a request, or refuses it with 503 in its API's format: at capacity, or when its declared
   * body would go beyond the budget of bodies held (see {@link Admission}).
   *
   * @param declared the body's declared length (0 when unknown)
   * @return the request's place, to be {@linkplain HeldBody#end() ended} when it is over; null when refused
   */
  HeldBody admit(HttpServerExchange exchange, ApiKind kind, String operation, String requestId, long start,
      long declared) {
    return admission.admit(exchange, kind, operation, requestId, start, declared);
  }

  /**
   * Admits a request, or refuses it without answering (see {@link Admission#tryAdmit}).
   *
   * @return the request's place; null when refused
   */
  HeldBody tryAdmit(long declared) {
    return admission.tryAdmit(declared);
  }

  /** Counts a request in flight that no Undertow connection holds (the {@link Front}'s). */
  void inFlight(CancelSignal cancel) {
    inFlight.add(cancel);
  }

  /** Gives the answer's headers besides its framing and content type (see {@link AnswerWriter#answerHeaders}). */
  void answerHeaders(RoutedResponse response, java.util.function.BiConsumer<String, String> header) {
    writer.answerHeaders(response, header);
  }

  // What the requests served on the IO thread (IoThreadEntry) share with the others.

  UpstreamClient directClient() {
    return directClient;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** True when request or response bodies are logged (such requests are served on workers). */
  boolean logsBodies() {
    return requestBodies != null || responseBodies != null;
  }

  /** True when Responses conversations are recorded (such requests are served on workers). */
  boolean recordsConversations() {
    return sessions != null;
  }

  AccessLog accessLog() {
    return accessLog;
  }

  Router router() {
    return router;
  }

  java.time.Duration pingInterval() {
    return pingInterval;
  }

  boolean isStopping() {
    return stopping;
  }

  /** Starts watching a request's connection from a worker (see {@link ClientWatches}). */
  void watch(ClientWatch watch) {
    watches.add(watch);
  }

  /** Counts the request in flight and ties its cancel signal to its connection; {@return the connection's holder} */
  AtomicReference<CancelSignal> inFlight(HttpServerExchange exchange, CancelSignal cancel) {
    return inFlight.add(exchange, cancel);
  }

  void notInFlight(CancelSignal cancel) {
    inFlight.remove(cancel);
  }

  void streamServedOnIoThread() {
    streamsOnIoThread.increment();
  }

  void answerServedOnIoThread() {
    answersOnIoThread.increment();
  }

  /** {@return where the ends of requests served on the IO thread are settled} */
  Settler settling() {
    return settling;
  }

  /**
   * Serves passthrough requests (streams, and those whose answer comes whole) on their connection's
   * IO thread from now on (see {@link #handleOnIoThread}).
   *
   * @param idleKeepAlive how long an idle upstream connection of those calls is kept
   * @return this handler
   */
  public ProxyHandler serveStreamsOnIoThread(java.time.Duration idleKeepAlive) {
    return serveStreamsOnIoThread(idleKeepAlive, idleClosers);
  }

  /**
   * As {@link #serveStreamsOnIoThread(java.time.Duration)}, with the idle upstream connections no
   * longer kept closed by {@code closer} (off the IO threads).
   *
   * @param idleKeepAlive how long an idle upstream connection of those calls is kept
   * @param closer closes the idle connections no longer kept
   * @return this handler
   */
  public ProxyHandler serveStreamsOnIoThread(java.time.Duration idleKeepAlive, java.util.concurrent.Executor closer) {
    directClient = new UpstreamClient(idleKeepAlive, null, closer);
    return this;
  }

  /** {@return how many streamed requests were served on an IO thread to their end, without a worker} */
  public long streamsServedOnIoThread() {
    return streamsOnIoThread.sum();
  }

  /** {@return how many requests whose answer came whole were served on an IO thread to their end, without a worker} */
  public long answersServedOnIoThread() {
    return answersOnIoThread.sum();
  }

  /** {@return true when passthrough requests are served on the IO thread} */
  public boolean servesStreamsOnIoThread() {
    return directClient != null;
  }

  /**
   * Handles a request on its connection's IO thread (see {@link IoThreadEntry}): a request (a
   * stream, or one whose answer comes whole) whose attempts need no conversion is served there to
   * its end, any other goes to {@code workers} and is served as {@link #handle} serves it.
   *
   * @param urlModel the model named in the URL (Gemini), or null to use the body's
   * @param urlStream true when the URL asks for a stream (Gemini), false to use the body's flag
   * @param workers runs the requests served on a worker; may refuse with RejectedExecutionException
   */
  public void handleOnIoThread(HttpServerExchange exchange, ApiKind kind, String operation, String urlModel,
      boolean urlStream, java.util.concurrent.Executor workers) {
    new IoThreadEntry(this, exchange, kind, operation, urlModel, urlStream, workers).start();
  }

  /**
   * One admitted request's place and the bytes of its body counted against the {@link Admission}'s
   * budget, until {@link #release()}. Not thread-safe: one request's, used by one thread at a time.
   */
  static final class HeldBody {
    private final Admission admission;
    private long bytes;
    private boolean ended;

    HeldBody(Admission admission) {
      this.admission = admission;
    }

    /** Counts {@code n} bytes; false (nothing counted) when that goes beyond the budget while others hold theirs. */
    boolean reserve(long n) {
      if (!admission.reserve(n)) return false;
      bytes += n;
      return true;
    }

    /** Counts the body actually read instead of the length it declared. */
    void resize(long n) {
      admission.adjust(n - bytes);
      bytes = n;
    }

    void release() {
      admission.adjust(-bytes);
      bytes = 0;
    }

    /** The request is over: its body is let go of and it no longer counts as served. Idempotent. */
    void end() {
      if (ended) return;
      ended = true;
      release();
      admission.leave();
    }
  }

  /** Serves an admitted request. */
  private void serve(HttpServerExchange exchange, ApiKind kind, String operation, String urlModel, boolean urlStream,
      String requestId, long start, HeldBody held) {
    Protocol protocol = kind.protocol();
    exchange.startBlocking();
    byte[] body = RequestBodies.readOrRefuse(exchange, protocol, maxBodyBytes);
    if (body == null) {
      if (exchange.getStatusCode() == 413) accessLog.rejected(requestId, kind, operation, 413, "body too large", start);
      return;
    }
    serveBody(exchange, kind, operation, urlModel, urlStream, requestId, start, held, body);
  }

  /** Serves an admitted request whose body was read; on a worker, the exchange in blocking mode. */
  void serveBody(HttpServerExchange exchange, ApiKind kind, String operation, String urlModel,
      boolean urlStream, String requestId, long start, HeldBody held, byte[] body) {
    Protocol protocol = kind.protocol();
    held.resize(body.length);
    RoutingFields fields;
    try {
      fields = RoutingFields.scan(body);
    } catch (MalformedJsonException e) {
      Exchanges.sendError(exchange, protocol, 400, ErrorType.INVALID_REQUEST,
          "request body is not valid JSON: " + e.getMessage());
      accessLog.rejected(requestId, kind, operation, 400, "body is not JSON", start);
      return;
    }
    String model = urlModel != null ? urlModel : fields.model();
    boolean stream = urlModel != null ? urlStream : fields.isStream() && !operation.equals("compact");
    // Gemini's streamGenerateContent answers SSE with ?alt=sse and a streamed JSON array without it.
    boolean jsonArray = kind == ApiKind.GEMINI && stream && !"sse".equals(queryParam(exchange, "alt"));
    ClientRequest request = new ClientRequest(kind, operation, CommonStrings.of(exchange.getRequestPath()),
        QueryStrings.withoutKey(exchange.getQueryString()), RequestHeaders.of(exchange), body, fields, model, stream);
    Turn turn = sessions == null ? null : sessions.begin(request);
    if (turn != null && turn.rejected()) {
      Exchanges.sendJson(exchange, turn.rejectionStatus(), turn.rejectionBody());
      accessLog.rejected(requestId, kind, operation, turn.rejectionStatus(), "conversation refused", start);
      return;
    }
    if (turn != null) {
      request = turn.request();
      // A turn that records nothing is done with; a long stream must not keep its request.
      if (!turn.records()) turn = null;
    }
    request = RoutingHints.withRequestId(request, requestId);
    if (requestBodies != null) {
      log.info("[Request-Body] id={} kind={} op={} body={}", requestId, kind.pathName(), operation,
          requestBodies.body(body));
    }
    // The log line needs the request's description only: a stream's entry must not keep its body.
    AccessLog.Entry entry = accessLog.begin(requestId, request.withoutBody(), start);
    CancelSignal cancel = new CancelSignal();
    AtomicReference<CancelSignal> holder = inFlight.add(exchange, cancel);
    // From here until the answer ends, a client that hangs up cancels the upstream call at once.
    ClientWatch watch = ClientWatch.create(exchange, cancel);
    watches.add(watch);
    ClientRequest routed = request;
    request = null;
    answerBlocking(exchange, kind, operation, requestId, held, body, routed, turn, jsonArray, entry, cancel, holder,
        watch, () -> router.route(routed, cancel));
  }

  /**
   * Routes a request on a worker and writes its answer, then does the request's bookkeeping.
   *
   * @param body the request's body, for a local token estimate; null where none is made
   * @param route gives the answer (blocking)
   */
  void answerBlocking(HttpServerExchange exchange, ApiKind kind, String operation, String requestId,
      HeldBody held, byte[] body, ClientRequest request, Turn turn, boolean jsonArray, AccessLog.Entry entry,
      CancelSignal cancel, AtomicReference<CancelSignal> holder, ClientWatch watch,
      java.util.function.Supplier<RoutedResponse> route) {
    Protocol protocol = kind.protocol();
    long[] firstByte = {-1};
    int status = 0;
    dev.llmrouter.api.Channel answered = null;
    int attempts = 0;
    Runnable endWatch = () -> {
      if (watch != null) watch.stop();
    };
    try (RoutedResponse response = route.get()) {
      status = response.status();
      answered = response.channel();
      attempts = response.attempts();
      byte[] estimate = body != null && GeminiCounts.estimateInstead(request, response.status())
          ? GeminiCounts.estimate(body) : null;
      if (estimate != null) {
        log.debug("[CountTokens-Local] gemini countTokens answered {} upstream; using the local estimate",
            response.status());
        status = 200;
        Exchanges.sendJson(exchange, 200, estimate);
        return;
      }
      // The answer has begun and no attempt will send the request again, but a stream can run for
      // minutes, and a method's locals keep what they refer to until it returns (unless the JIT has
      // found them dead): let go of the body, tens to hundreds of kilobytes from a coding agent.
      request = null;
      body = null;
      held.release();
      writer.write(exchange, protocol, response, cancel, jsonArray, endWatch, turn, firstByte, requestId);
    } catch (RuntimeException e) {
      log.error("[Proxy-Error] id={} {} {} failed: {}", requestId, kind.pathName(), operation, e.toString(), e);
      status = 500;
      if (!exchange.isResponseStarted()) {
        Exchanges.sendError(exchange, protocol, 500, ErrorType.INTERNAL, "internal error: " + e.getClass().getSimpleName());
      }
    } finally {
      endWatch.run();
      holder.compareAndSet(cancel, null);
      inFlight.remove(cancel);
      accessLog.end(entry, status, answered, attempts, firstByte[0], System.nanoTime(), cancel.isCancelled());
      held.end();
    }
  }

  /**
   * Stops the thread that arms client watches, and the one that settles the ends of requests served
   * on the IO thread once it has settled those that ended. Requests still running are not affected.
   */
  @Override
  public void close() {
    watches.close();
    settling.close();
    UpstreamClient client = directClient;
    if (client != null) client.close();
  }

  /** How many proxied requests are running. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Cancels every request in flight (their upstream calls end and they finish at once). */
  public void cancelAll() {
    inFlight.cancelAll();
  }

  /**
   * Ends every request in flight because the server stops: their upstream calls are cancelled, a
   * stream ends with an error event in its client's protocol, and an answer not started yet is a 503.
   */
  public void endAllForShutdown() {
    stopping = true;
    cancelAll();
  }

  static String queryParam(HttpServerExchange exchange, String name) {
    java.util.Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** Sets the answer's status and headers: the upstream's, and the router's own. */
  void startAnswer(HttpServerExchange exchange, RoutedResponse response) {
    writer.startAnswer(exchange, response);
  }

  /** The last frame of a stream cut by a shutdown; see {@link AnswerWriter#shutdownEnd}. */
  static StreamFrame shutdownEnd(RoutedResponse response, StreamFrame read, Protocol protocol) {
    return AnswerWriter.shutdownEnd(response, read, protocol);
  }
}
