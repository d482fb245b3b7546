package dev.llmrouter.server;

import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.http.AccessControl;
import dev.llmrouter.server.http.Cors;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.HttpListener;
import dev.llmrouter.server.http.IdleHangUps;
import dev.llmrouter.server.http.Workers;
import dev.llmrouter.server.ingress.ProxyHandler;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server in front of a {@link Router}: a thin Undertow layer that authenticates, reads each
 * request once and writes the router's answer. Start it with {@link #start}; {@link #close()} stops
 * it, letting requests in flight finish within the grace period and cancelling the rest.
 */
public final class RouterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);

  private final HttpListener listener;
  private final GracefulShutdownHandler graceful;
  /** The front that serves passthrough requests before Undertow; null when off. */
  private final dev.llmrouter.server.ingress.Front front;
  private final ProxyHandler proxy;
  private final Workers workers;
  private final Duration grace;
  private final int port;
  private boolean closed;
  /** Set when a stop begins: new requests are refused from then on. */
  private final java.util.concurrent.atomic.AtomicBoolean stopping;

  private RouterServer(HttpListener listener, GracefulShutdownHandler graceful, dev.llmrouter.server.ingress.Front front,
      ProxyHandler proxy, Workers workers, Duration grace, int port, java.util.concurrent.atomic.AtomicBoolean stopping) {
    this.stopping = stopping;
    this.front = front;
    this.listener = listener;
    this.graceful = graceful;
    this.proxy = proxy;
    this.workers = workers;
    this.grace = grace;
    this.port = port;
  }

  /** Options of a server. Build with {@link #options()}. */
  public static final class Options {
    String host = "127.0.0.1";
    int port;
    String accessKey;
    String adminAccessKey = "";
    long maxRequestBodyBytes = 50L * 1024 * 1024;
    boolean cors = true;
    String corsOrigin = "*";
    int workerThreads = 256;
    int workerQueue = 1024;
    int maxConcurrentRequests;
    long requestBodyBudget = Runtime.getRuntime().maxMemory() / 4;
    boolean forcePlatformThreads;
    int ioThreads;
    int clientSendBuffer;
    boolean attemptHeaders = true;
    Duration shutdownGrace = Duration.ofSeconds(10);
    Duration streamPing = Duration.ofSeconds(15);
    Duration streamsOnIoThread = dev.llmrouter.providers.HttpTransport.DEFAULT_IDLE_KEEP_ALIVE;
    boolean front = true;
    Duration requestHeadTimeout = Duration.ofSeconds(10);
    Duration idleConnectionTimeout = Duration.ofSeconds(120);
    Clock clock = Clock.systemUTC();
    final java.util.List<dev.llmrouter.server.http.RouteSet> routeSets = new java.util.ArrayList<>();
    dev.llmrouter.server.sessions.SessionStore sessionStore;
    dev.llmrouter.server.logging.AccessLog accessLog;
    dev.llmrouter.server.logging.BodyLog requestBodies;
    dev.llmrouter.server.logging.BodyLog responseBodies;
    boolean quietPolling = true;

    private Options() {}

    public Options host(String host) { this.host = host; return this; }
    /** The port; 0 picks a free one (see {@link RouterServer#port()}). */
    public Options port(int port) { this.port = port; return this; }
    public Options accessKey(String key) { this.accessKey = key; return this; }
    public Options adminAccessKey(String key) { this.adminAccessKey = key == null ? "" : key; return this; }
    public Options maxRequestBodyBytes(long bytes) { this.maxRequestBodyBytes = bytes; return this; }
    public Options cors(boolean enabled, String origin) { this.cors = enabled; this.corsOrigin = origin; return this; }
    public Options workers(int threads, int queue) { this.workerThreads = threads; this.workerQueue = queue; return this; }
    /**
     * The most proxied requests (streams included) served at once; beyond it a request is refused
     * with 503 in its API's format. Zero for no limit.
     */
    public Options maxConcurrentRequests(int max) { this.maxConcurrentRequests = max; return this; }
    /**
     * The most bytes of request bodies held at once by requests whose answer has not begun (a
     * quarter of the heap's maximum by default); beyond it a request is refused with 503 in its
     * API's format before its body is read, unless it is the only one. Zero for no budget.
     */
    public Options requestBodyBudget(long bytes) { this.requestBodyBudget = bytes; return this; }
    /** Uses the bounded platform-thread pool even where virtual threads exist. */
    public Options forcePlatformThreads(boolean force) { this.forcePlatformThreads = force; return this; }
    /** The IO threads; 0 (the default) for two per core, at least two. */
    public Options ioThreads(int threads) { this.ioThreads = threads; return this; }
    /** The kernel's send buffer of each client connection, bytes; 0 (the default) lets the kernel size it. */
    public Options clientSendBuffer(int bytes) { this.clientSendBuffer = bytes; return this; }
    public Options attemptHeaders(boolean enabled) { this.attemptHeaders = enabled; return this; }
    public Options shutdownGrace(Duration grace) { this.shutdownGrace = grace; return this; }
    /** The upstream silence after which a streaming client gets a keep-alive event; zero for none. */
    public Options streamPing(Duration interval) { this.streamPing = interval; return this; }
    /**
     * Serves streamed passthrough requests on the IO thread (see {@link ProxyHandler#handleOnIoThread}),
     * keeping idle upstream connections for {@code idleKeepAlive}; null serves every request on a
     * worker. On by default.
     */
    public Options streamsOnIoThread(Duration idleKeepAlive) { this.streamsOnIoThread = idleKeepAlive; return this; }
    /**
     * Serves plain passthrough requests on the server's own short path before Undertow (see {@link
     * dev.llmrouter.server.ingress.Front}); anything else still goes to Undertow. On by default; it
     * needs the requests served on the IO thread ({@link #streamsOnIoThread}).
     */
    public Options front(boolean enabled) { this.front = enabled; return this; }
    /**
     * How long a request's head may take to come whole once begun (10 s by default), and how long a
     * client's connection may wait for its next request (120 s); the connection is closed after.
     */
    public Options connectionTimeouts(Duration requestHead, Duration idle) {
      this.requestHeadTimeout = requestHead;
      this.idleConnectionTimeout = idle;
      return this;
    }
    public Options clock(Clock clock) { this.clock = clock; return this; }
    /** Adds routes served after the client APIs (admin, metrics, ...). */
    public Options routes(dev.llmrouter.server.http.RouteSet set) { this.routeSets.add(set); return this; }
    /**
     * Keeps Responses conversation state ({@code previous_response_id}) in this store; without one,
     * Responses requests pass as they are.
     */
    public Options sessionStore(dev.llmrouter.server.sessions.SessionStore store) { this.sessionStore = store; return this; }
    /**
     * Writes the access line of each proxied request; give the same object to the router as an
     * outcome listener so that the line names every attempt. Without one, lines carry no attempts.
     */
    public Options accessLog(dev.llmrouter.server.logging.AccessLog log) { this.accessLog = log; return this; }
    /** Logs request bodies (null: not) and answers (null: not), made fit for a log. */
    public Options bodyLogs(dev.llmrouter.server.logging.BodyLog requests, dev.llmrouter.server.logging.BodyLog answers) {
      this.requestBodies = requests;
      this.responseBodies = answers;
      return this;
    }
    /** Keeps GET requests of polling routes (channel lists, metrics, stats, health) out of the log. */
    public Options quietPolling(boolean quiet) { this.quietPolling = quiet; return this; }
  }

  public static Options options() {
    return new Options();
  }

  /**
   * Starts a server for a router and returns once it listens.
   *
   * @throws IllegalArgumentException when no access key is given
   */
  public static RouterServer start(Router router, Options o) {
    Objects.requireNonNull(router, "router");
    AccessControl access = new AccessControl(o.accessKey, o.adminAccessKey);
    Workers workers = o.forcePlatformThreads ? Workers.pool(o.workerThreads, o.workerQueue)
        : Workers.create(o.workerThreads, o.workerQueue);
    ProxyHandler proxy = new ProxyHandler(router, o.maxRequestBodyBytes, o.attemptHeaders,
        new dev.llmrouter.server.sessions.ResponsesSessions(o.sessionStore, router::snapshot), o.streamPing,
        workers.executor(), o.accessLog != null ? o.accessLog : new dev.llmrouter.server.logging.AccessLog(),
        o.requestBodies, o.responseBodies, o.maxConcurrentRequests, o.requestBodyBudget);
    if (o.streamsOnIoThread != null) proxy.serveStreamsOnIoThread(o.streamsOnIoThread, workers.closer());
    HealthHandler health = new HealthHandler(router, o.clock, workers.description());
    java.util.List<dev.llmrouter.server.http.RouteSet> sets = new java.util.ArrayList<>();
    sets.add(new ProxyRoutes(proxy));
    sets.add(new SchedulerRoutes(router));
    sets.addAll(o.routeSets);
    Cors cors = o.cors ? new Cors(o.corsOrigin) : null;
    Routes routes = new Routes(new dev.llmrouter.server.http.ServerContext(access, workers.executor()),
        cors, health, new ReadyHandler(router), sets, o.quietPolling);
    GracefulShutdownHandler graceful = new GracefulShutdownHandler(routes);
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    int io = o.ioThreads > 0 ? o.ioThreads : defaultIoThreads(Runtime.getRuntime().availableProcessors());
    // TCP_NODELAY is the listener's default.
    org.xnio.OptionMap.Builder sockets = org.xnio.OptionMap.builder()
        // A burst of new connections (a team's agents starting at once) must wait in the accept
        // queue, not be dropped: the default of 1000 overflowed at 5,000 connections and the
        // clients' SYN retries added seconds. The kernel caps it (net.core.somaxconn).
        .set(org.xnio.Options.BACKLOG, 16_384);
    if (o.clientSendBuffer > 0) sockets.set(org.xnio.Options.SEND_BUFFER, o.clientSendBuffer);
    org.xnio.OptionMap server = org.xnio.OptionMap.builder()
        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) o.requestHeadTimeout.toMillis())
        .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) o.idleConnectionTimeout.toMillis())
        .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
        .getMap();
    io.undertow.connector.ByteBufferPool buffers = bufferPool(workers.isVirtual());
    dev.llmrouter.server.ingress.Front front = o.front && proxy.servesStreamsOnIoThread()
        ? new dev.llmrouter.server.ingress.Front(proxy, access, cors, stopping::get,
            buffers, workers.executor(), o.requestHeadTimeout.toMillis(), o.idleConnectionTimeout.toMillis())
        : null;
    io.undertow.server.HttpHandler root = exchange -> {
      IdleHangUps.requestStarted(exchange);
      // A request the front began and handed over for a worker goes on, even while the server stops.
      if (front != null && front.resume(exchange)) return;
      if (stopping.get()) {
        // Refused at once, in the shape the client reads, on a connection that then closes.
        exchange.setPersistent(false);
        Exchanges.sendError(exchange, Routes.shapeFor(exchange.getRequestPath()), 503, ErrorType.OVERLOADED,
            "the server is shutting down");
        return;
      }
      graceful.handleRequest(exchange);
    };
    HttpListener listener;
    try {
      // Clients that hang up between requests are closed off the IO threads, by the closer: not the
      // requests' pool, whose places a burst of hang-ups would take (503s on Java 17 to 20).
      listener = HttpListener.start(o.host, o.port, io, 2, sockets.getMap(), server, buffers, root, workers.closer(),
          front);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot listen on " + o.host + ":" + o.port, e);
    }
    int port = listener.port();
    log.info("[Server-Startup] listening on {}:{}; requests run on {}", o.host, port, workers.description());
    return new RouterServer(listener, graceful, front, proxy, workers, o.shutdownGrace, port, stopping);
  }

  /**
   * The IO buffers of every connection: {@value #BUFFER_SIZE} bytes each, direct. Undertow's default
   * of 16 KiB per buffer, several held by each open stream (its connection's read buffer, its
   * answer's write buffer), made 330 MiB at 5,000 open streams; an SSE event is a few hundred bytes
   * and a non-streamed answer larger than a buffer is written straight from its array. Each thread
   * that frees a buffer keeps up to four in a cache of its own, which pays on the IO threads and a
   * pool of platform workers, but a virtual thread lives for one request: its cached buffers would
   * wait for the garbage collector instead of serving the next request, so there is no such cache
   * then.
   */
  private static io.undertow.connector.ByteBufferPool bufferPool(boolean virtualWorkers) {
    return new io.undertow.server.DefaultByteBufferPool(true, BUFFER_SIZE, POOLED_BUFFERS, virtualWorkers ? 0 : 4);
  }

  /**
   * How many free buffers the shared pool keeps (4 MiB): Undertow's default of -1 keeps none there,
   * so a thread without a cache of its own (a virtual thread) allocated and freed a direct buffer
   * for each use.
   */
  static final int POOLED_BUFFERS = 1024;

  /** The size of one IO buffer of the server. */
  static final int BUFFER_SIZE = 4096;

  /**
   * The IO threads when none are configured: two per core, at least two. Each IO thread has a
   * selector of its own, and XNIO closes a connection on its own IO thread with a {@code selectNow}
   * over every ready connection of that selector, so the closes of thousands of streams ending
   * together cost in proportion to the square of the connections per selector: with one IO thread
   * per core the last seconds of 5,000 streams ending on 2 cores delayed every open stream's events
   * by 0.3 to 3 s in some runs, and in none with two per core (BENCHMARKS.md). A server pinned to one
   * core keeps two, so the hand-offs of a busy single core do not grow.
   *
   * @param cores the cores the JVM sees
   * @return the IO threads to start
   */
  static int defaultIoThreads(int cores) {
    return Math.max(2, 2 * cores);
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** {@return how many streamed requests were served on an IO thread to their end, without a worker} */
  public long streamsServedOnIoThread() {
    return proxy.streamsServedOnIoThread();
  }

  /** {@return how many proxied requests the server's own front took; 0 when it is off} */
  public long frontRequests() {
    return front == null ? 0 : front.requests();
  }

  /** {@return how many connections the server's own front handed to Undertow; 0 when it is off} */
  public long frontHandOffs() {
    return front == null ? 0 : front.handOffs();
  }

  /** {@return how many requests whose answer came whole were served on an IO thread to their end, without a worker} */
  public long answersServedOnIoThread() {
    return proxy.answersServedOnIoThread();
  }

  /** True when proxied requests run on virtual threads. */
  public boolean virtualThreads() {
    return workers.isVirtual();
  }

  /**
   * Stops accepting requests (new ones get 503), waits up to the grace period for requests in flight,
   * then ends what is left (a stream with an error event in its client's protocol, an answer not
   * started with a 503), and stops the server. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    stopping.set(true);
    graceful.shutdown();
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      boolean done = graceful.awaitShutdown(grace.toMillis())
          && (front == null || front.awaitIdle(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L)));
      if (!done) {
        log.info("[Server-Shutdown] {} requests still running after {} ms; ending them", proxy.inFlight(),
            grace.toMillis());
        proxy.endAllForShutdown();
        graceful.awaitShutdown(2000);
        if (front != null) front.awaitIdle(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      proxy.endAllForShutdown();
    }
    listener.close();
    proxy.close();
    workers.shutdown();
    try {
      workers.executor().awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("[Server-Shutdown] stopped");
  }

}
