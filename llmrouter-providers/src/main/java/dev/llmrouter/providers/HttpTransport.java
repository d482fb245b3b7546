package dev.llmrouter.providers;

import dev.llmrouter.api.provider.Timeouts;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} of a router and the per-attempt variants derived from it, which share
 * its connection pool and dispatcher. Calls are made with the blocking {@code execute()} on the
 * request's own worker thread, so the dispatcher's async limits never apply; they are raised anyway
 * so that nothing caps concurrency. This class is thread-safe.
 */
public final class HttpTransport {
  private final OkHttpClient base;
  private final ConcurrentHashMap<Key, OkHttpClient> derived = new ConcurrentHashMap<>();

  private record Key(Timeouts timeouts, boolean stream, boolean insecure) {}

  /** A transport over the given client; its pool and dispatcher are shared, not copied. */
  public HttpTransport(OkHttpClient base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /** A transport over a new client with llmrouter's defaults (see {@link #defaultClientBuilder()}). */
  public static HttpTransport createDefault() {
    return new HttpTransport(defaultClientBuilder().build());
  }

  /**
   * A client builder with an uncapped dispatcher, a pool that keeps up to 256 idle connections for
   * 5 minutes, no retries on its own (failover is the router's job), and redirects followed.
   */
  public static OkHttpClient.Builder defaultClientBuilder() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .retryOnConnectionFailure(false)
        .followRedirects(true);
  }

  /** The base client. */
  public OkHttpClient client() {
    return base;
  }

  /**
   * A client for one attempt. Non-streamed calls get a total (call) timeout and a read timeout equal
   * to the response-header timeout; streamed calls get the response-header timeout as call timeout
   * (the provider cancels it once headers arrive) and the idle timeout as read timeout.
   */
  public OkHttpClient clientFor(Timeouts t, boolean stream, boolean insecureSkipVerify) {
    return derived.computeIfAbsent(new Key(t, stream, insecureSkipVerify), this::derive);
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

  /** For channels flagged {@code insecureSkipVerify}: accept any certificate and host name. */
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
