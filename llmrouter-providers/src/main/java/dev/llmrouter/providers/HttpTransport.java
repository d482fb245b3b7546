package dev.llmrouter.providers;

import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.internal.Deadlines;
import dev.llmrouter.providers.internal.PoolCleaner;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} of a router and the per-attempt variants derived from it, which share
 * its dispatcher and, while fewer than 128 calls are in flight, its connection pool (further calls
 * take pools of their own, so that OkHttp's search for a reusable connection stays short). Calls
 * are made with the blocking {@code execute()} on the request's own worker thread, so the
 * dispatcher's async limits never apply; they are raised anyway so that nothing caps concurrency.
 * This class is thread-safe; share one instance among all providers of a router.
 *
 * <p>The transport does not own the base client: it never shuts down its dispatcher or evicts its
 * pool. Whoever built the client releases it (usually at process exit, when OkHttp's idle threads
 * end by themselves).
 *
 * <p>Stale connections: an upstream may close a pooled connection while it is idle, and the next
 * request sent on it then fails before any answer (end of stream, reset, broken pipe). OkHttp's
 * {@code retryOnConnectionFailure} is off here on purpose (it would also resend requests that failed
 * on fresh connections, on other routes, silently), and OkHttp probes a pooled connection for a
 * closed peer only after 10 s of idleness. So a provider sends such a request once more, at once, on
 * a connection of its own ({@link #freshClient}), counts it in {@link #staleConnectionRetries()},
 * and reports no failure for it. Keeping idle connections briefly ({@link
 * #DEFAULT_IDLE_KEEP_ALIVE}) makes that rare.
 */
public final class HttpTransport {
  /**
   * How long the default pool keeps an idle connection: 4 s, below the 5 s after which common
   * upstream servers close idle connections themselves (Node's http server, uvicorn, Apache httpd),
   * so that a connection is rarely reused just as its server drops it; longer-lived upstreams
   * (nginx 75 s, AWS ALB 60 s) only pay a new handshake after a pause.
   */
  public static final Duration DEFAULT_IDLE_KEEP_ALIVE = Duration.ofSeconds(4);

  /**
   * Idle connections kept by each pool of a lane past the first ({@link PoolLanes}), for the
   * transport's idle keep-alive ({@link #DEFAULT_IDLE_KEEP_ALIVE} over a client given by the caller).
   */
  static final int LANE_IDLE_CONNECTIONS = 32;

  private final OkHttpClient base;
  private final UpstreamLimits limits;
  private final PoolCleaner cleaner;
  /**
   * Whether attempts may be made by a caller's own HTTP client ({@link #offersDirectCalls()}): only
   * over a client of the transport's own making, which has no interceptor, proxy or TLS setting of
   * an embedder's that such a caller would not honour.
   */
  private final boolean ownClient;
  private final Duration laneKeepAlive;
  private final ConcurrentHashMap<Key, OkHttpClient> derived = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<AttemptKey, PoolLanes> attemptClients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<AttemptKey, OkHttpClient> freshClients = new ConcurrentHashMap<>();
  private final Deadlines deadlines = new Deadlines();
  private final LongAdder staleRetries = new LongAdder();

  private record Key(Timeouts timeouts, boolean stream, boolean insecure) {}

  private record AttemptKey(Duration connect, boolean insecure) {}

  /**
   * Creates a transport over the given client; its pool and dispatcher are shared, not copied. The
   * caller keeps ownership of the client.
   *
   * @param base the client every attempt's client is derived from; its connect, call and read
   *     timeouts are replaced per attempt, everything else (interceptors, proxy, write timeout, TLS
   *     settings unless a channel skips verification) is kept
   * @throws NullPointerException when {@code base} is null
   */
  public HttpTransport(OkHttpClient base) {
    this(base, UpstreamLimits.DEFAULT);
  }

  /**
   * Creates a transport over the given client with limits on what an answer may hold in memory.
   *
   * @param base the client every attempt's client is derived from (see {@link #HttpTransport(OkHttpClient)})
   * @param limits the largest SSE event and non-streamed body read from an upstream
   * @throws NullPointerException when an argument is null
   */
  public HttpTransport(OkHttpClient base, UpstreamLimits limits) {
    this(base, limits, new PoolCleaner(), DEFAULT_IDLE_KEEP_ALIVE, false);
  }

  private HttpTransport(OkHttpClient base, UpstreamLimits limits, PoolCleaner cleaner, Duration laneKeepAlive,
      boolean ownClient) {
    this.base = Objects.requireNonNull(base, "base");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.cleaner = cleaner;
    this.ownClient = ownClient;
    this.laneKeepAlive = laneKeepAlive;
  }

  /**
   * Creates a transport over a new client with llmrouter's defaults (see
   * {@link #defaultClientBuilder()}).
   *
   * @return the new transport, which owns nothing that must be closed
   */
  public static HttpTransport createDefault() {
    return createDefault(DEFAULT_IDLE_KEEP_ALIVE, UpstreamLimits.DEFAULT);
  }

  /**
   * Creates a transport over a new client with llmrouter's defaults (see
   * {@link #defaultClientBuilder(Duration)}), whose pools all share one cleaner thread.
   *
   * @param idleKeepAlive how long an idle pooled connection is kept; positive
   * @param limits the largest SSE event and non-streamed body read from an upstream
   * @return the new transport, which owns nothing that must be closed
   * @throws IllegalArgumentException when {@code idleKeepAlive} is not positive
   * @throws NullPointerException when an argument is null
   */
  public static HttpTransport createDefault(Duration idleKeepAlive, UpstreamLimits limits) {
    PoolCleaner cleaner = new PoolCleaner();
    return new HttpTransport(clientBuilder(idleKeepAlive, cleaner).build(), limits, cleaner, idleKeepAlive, true);
  }

  /**
   * Returns a client builder with an uncapped dispatcher, a pool that keeps up to 256 idle
   * connections for {@link #DEFAULT_IDLE_KEEP_ALIVE}, no retries on its own (failover is the
   * router's job), and redirects followed. Embedders start from it to add a proxy, interceptors or
   * TLS settings. The pool's idle connections are closed by a thread of its own, which is not woken
   * each time a connection goes back to the pool (see {@link PoolCleaner}).
   *
   * @return a new builder; each call gets its own dispatcher and pool
   */
  public static OkHttpClient.Builder defaultClientBuilder() {
    return defaultClientBuilder(DEFAULT_IDLE_KEEP_ALIVE);
  }

  /**
   * Returns the {@link #defaultClientBuilder() default client builder} with another idle keep-alive.
   *
   * @param idleKeepAlive how long an idle pooled connection is kept; positive
   * @return a new builder; each call gets its own dispatcher and pool
   * @throws IllegalArgumentException when {@code idleKeepAlive} is not positive
   */
  public static OkHttpClient.Builder defaultClientBuilder(Duration idleKeepAlive) {
    return clientBuilder(idleKeepAlive, new PoolCleaner());
  }

  private static OkHttpClient.Builder clientBuilder(Duration idleKeepAlive, PoolCleaner cleaner) {
    if (idleKeepAlive.isNegative() || idleKeepAlive.isZero()) {
      throw new IllegalArgumentException("idleKeepAlive must be positive: " + idleKeepAlive);
    }
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(cleaner.newPool(256, idleKeepAlive))
        .retryOnConnectionFailure(false)
        .followRedirects(true);
  }

  /** {@return the base client, as given to the constructor; shared, so do not shut it down} */
  public OkHttpClient client() {
    return base;
  }

  /**
   * Returns the client for one attempt, derived from the base client once per distinct combination
   * of arguments and cached. Every derived client gets the connect timeout. Non-streamed calls get
   * the total timeout as call timeout and the response-header timeout as read timeout; streamed
   * calls get the connect plus response-header timeouts as call timeout (the provider cancels it
   * once the headers arrive) and the idle timeout as read timeout.
   *
   * @param t the attempt's timeouts
   * @param stream true when the upstream is asked for a stream
   * @param insecureSkipVerify true to accept any certificate and host name (the channel's
   *     {@code insecureSkipVerify} flag)
   * @return the client; shares the base client's pool and dispatcher, so nothing to close
   * @throws NullPointerException when {@code t} is null
   * @throws IllegalStateException when {@code insecureSkipVerify} is set and the JVM offers no TLS
   */
  public OkHttpClient clientFor(Timeouts t, boolean stream, boolean insecureSkipVerify) {
    return derived.computeIfAbsent(new Key(t, stream, insecureSkipVerify), this::derive);
  }

  /**
   * Returns the client for a provider's attempt, whose timeouts are kept by {@link #deadlines()}
   * rather than by OkHttp: it has the connect timeout and no call, read or write timeout of its
   * own, and carries {@link Deadlines#INTERCEPTOR}. Every request sent with it should be tagged
   * with a started {@link Deadlines.Entry}; one that is not has no timeout but the connect one. This
   * is the first of the {@linkplain #attemptLane lanes}: it shares the base client's pool.
   *
   * @param connect the connect timeout
   * @param insecureSkipVerify true to accept any certificate and host name
   * @return the client; shares the base client's pool and dispatcher, so nothing to close
   */
  OkHttpClient attemptClient(Duration connect, boolean insecureSkipVerify) {
    return lanes(connect, insecureSkipVerify).first();
  }

  /**
   * Takes a lane for one attempt: an {@link #attemptClient attempt client} whose pool holds a
   * bounded number of calls in flight (see {@link PoolLanes}). Add the lane's listener to the call.
   *
   * @param connect the connect timeout
   * @param insecureSkipVerify true to accept any certificate and host name
   * @return the lane; its client shares the base client's dispatcher, so nothing to close
   */
  PoolLanes.Lane attemptLane(Duration connect, boolean insecureSkipVerify) {
    return lanes(connect, insecureSkipVerify).take();
  }

  /** {@return the lanes of the attempt clients with this connect timeout and TLS setting, made once} */
  PoolLanes lanes(Duration connect, boolean insecureSkipVerify) {
    return attemptClients.computeIfAbsent(new AttemptKey(connect, insecureSkipVerify), k -> {
      OkHttpClient.Builder b = base.newBuilder().connectTimeout(k.connect()).callTimeout(Duration.ZERO)
          .readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO).addInterceptor(Deadlines.INTERCEPTOR);
      if (k.insecure()) trustAll(b);
      OkHttpClient first = b.build();
      return new PoolLanes(first,
          lane -> first.newBuilder().connectionPool(cleaner.newPool(LANE_IDLE_CONNECTIONS, laneKeepAlive)).build());
    });
  }

  /**
   * Returns the {@link #attemptClient attempt client} variant for resending a request whose pooled
   * connection turned out stale: its pool keeps no idle connection, so it always opens a new one
   * (and closes it after use).
   *
   * @param connect the connect timeout
   * @param insecureSkipVerify true to accept any certificate and host name
   * @return the client; shares the base client's dispatcher, so nothing to close
   */
  OkHttpClient freshClient(Duration connect, boolean insecureSkipVerify) {
    return freshClients.computeIfAbsent(new AttemptKey(connect, insecureSkipVerify),
        k -> attemptClient(k.connect(), k.insecure()).newBuilder()
            .connectionPool(cleaner.newPool(0, Duration.ofSeconds(1))).build());
  }

  /**
   * {@return the cleaner of the pools this transport makes: those of the fresh clients, and the base
   * client's when the transport made it ({@link #createDefault(Duration, UpstreamLimits)})}
   */
  PoolCleaner poolCleaner() {
    return cleaner;
  }

  /** {@return the deadlines of the attempts sent with {@link #attemptClient}} */
  Deadlines deadlines() {
    return deadlines;
  }

  /** {@return the limits on what an answer may hold in memory} */
  public UpstreamLimits limits() {
    return limits;
  }

  /**
   * {@return how many requests were sent again on a fresh connection because their pooled
   * connection was stale, since this transport was made}
   */
  public long staleConnectionRetries() {
    return staleRetries.sum();
  }

  /**
   * Tells whether passed-through streams may be made by a caller's own HTTP client (see
   * {@link dev.llmrouter.api.provider.Provider#direct}): true for a transport {@linkplain
   * #createDefault() made with its own client}, false over an embedder's client, whose interceptors,
   * proxy or TLS settings only OkHttp would apply.
   *
   * @return true when direct calls are offered
   */
  public boolean offersDirectCalls() {
    return ownClient;
  }

  void staleConnectionRetried() {
    staleRetries.increment();
  }

  private OkHttpClient derive(Key k) {
    Timeouts t = k.timeouts();
    OkHttpClient.Builder b = base.newBuilder().connectTimeout(t.connect());
    if (k.stream()) {
      b.callTimeout(t.responseHeaders().plus(t.connect())).readTimeout(t.idle());
    } else {
      b.callTimeout(t.total()).readTimeout(max(t.responseHeaders(), Duration.ZERO));
    }
    if (k.insecure()) trustAll(b);
    return b.build();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * For channels flagged {@code insecureSkipVerify}: accept any certificate and host name.
   *
   * @param b the builder of the derived client
   * @throws IllegalStateException when the JVM offers no TLS context
   */
  private static void trustAll(OkHttpClient.Builder b) {
    try {
      X509TrustManager trustAll = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      b.sslSocketFactory(ssl.getSocketFactory(), trustAll).hostnameVerifier((host, session) -> true);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }
}
