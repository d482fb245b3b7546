package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.Timeouts;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.ssl.XnioSsl;

/**
 * Makes upstream HTTP/1.1 calls on a server IO thread without blocking it: connects (TLS with the
 * JVM's trust store and host name verification), writes the request, and hands over the answer's
 * status and headers, and then its body as it is read ({@link UpstreamConnection}), all on the
 * thread the call was made on. Each IO thread keeps
 * its own idle connections per scheme, host and port, for as long as the idle keep-alive; a call
 * that fails on a reused connection before any answer is sent once more on a fresh one, as the
 * OkHttp transport does.
 *
 * <p>A call's timeouts until its answer's headers are the OkHttp transport's ({@link CallDeadlines}),
 * and a connection the upstream closes before answering fails the call with OkHttp's "unexpected
 * end of stream" message. Thread-safe: what a thread touches of the pools is
 * its own.
 */
final class UpstreamClient implements AutoCloseable {
  /** The most bytes read and dropped after an answer's end before its connection is closed instead. */
  private static final long MAX_DRAINED = 64 * 1024;

  /** The most parsed URLs kept. */
  private static final int MAX_TARGETS = 256;
  private static final OptionMap PLAIN_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);
  /** TLS with the host name checked against the certificate, as Undertow's client and OkHttp do. */
  private static final OptionMap TLS_OPTIONS = OptionMap.builder().set(Options.TCP_NODELAY, true)
      .set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS").getMap();

  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private final IdleConnections<UpstreamConnection> idle;
  /** Each IO thread's array for the answer heads it reads ({@link UpstreamConnection}). */
  private final ThreadLocal<byte[]> headScratch = ThreadLocal.withInitial(() -> new byte[UpstreamConnection.HEAD_SCRATCH]);
  private final SSLContext tls;
  private volatile XnioSsl ssl;
  private volatile boolean closed;

  /** What the caller of {@link #send} is told, on the call's IO thread. */
  interface Listener {
    /**
     * The answer's status and headers arrived; the body is read from {@link Call#body()}.
     *
     * @param call the call
     * @param status the status code
     * @param headers the response headers
     */
    void answered(Call call, int status, HttpHeaders headers);

    /**
     * The call failed before an answer: it could not connect (in time), send, or the headers did not
     * come in time (see {@link CallDeadlines}).
     *
     * @param e the failure
     */
    void failed(IOException e);
  }

  /**
   * @param idleKeepAlive how long an idle connection is kept for the next call
   */
  UpstreamClient(Duration idleKeepAlive) {
    this(idleKeepAlive, null, Runnable::run);
  }

  /**
   * @param idleKeepAlive how long an idle connection is kept for the next call
   * @param tls the TLS context of https upstreams, or null for the JVM's default (its trust store)
   * @param closer closes the idle connections no longer kept, off the IO thread (see {@link IdleConnections})
   */
  UpstreamClient(Duration idleKeepAlive, SSLContext tls, java.util.concurrent.Executor closer) {
    this.idle = new IdleConnections<>(idleKeepAlive, closer);
    this.tls = tls;
  }

  /** One upstream call: the connection it uses until its answer is read or it is aborted. */
  final class Call {
    private final XnioIoThread io;
    private final ByteBufferPool buffers;
    /** The request; let go of once answered (its body may be large, and a stream runs for minutes). */
    private DirectCall direct;
    private final Target target;
    private final String address;
    private final Listener listener;
    private UpstreamConnection connection;
    /** The connection being opened, until it is. */
    private IoFuture<? extends StreamConnection> opening;
    private boolean reused;
    private boolean retried;
    private boolean answered;
    private boolean finished;
    private boolean draining;
    /**
     * Which connection try the callbacks belong to: a connection closed on a failure may report
     * more failures, which must not count again.
     */
    private int epoch;
    final long startNanos = System.nanoTime();
    private final CallDeadlines deadlines;

    private Call(XnioIoThread io, ByteBufferPool buffers, DirectCall direct, Target target, Timeouts timeouts,
        boolean stream, Listener listener) {
      this.io = io;
      this.buffers = buffers;
      this.direct = direct;
      this.target = target;
      this.address = target.address();
      this.listener = listener;
      this.deadlines = new CallDeadlines(io, timeouts, stream, startNanos, e -> fail(epoch, e));
    }

    /** Sends the request: on an idle connection to the upstream, or a new one; on the call's IO thread. */
    void start() {
      int my = ++epoch;
      UpstreamConnection pooled = retried ? null : idle.take(io, address);
      if (pooled != null) {
        reused = true;
        connection = pooled;
        pooled.taken();
        sendOn(my, pooled);
        // Armed once the request is on its way: nothing before the write waits for them, and a
        // request written at once has its headers deadline armed already (requestWritten).
        if (my == epoch && !finished && !answered) deadlines.start();
        return;
      }
      deadlines.start();
      reused = false;
      deadlines.connecting();
      try {
        // Resolved here, as Undertow's and OkHttp's clients do on the calling thread.
        InetSocketAddress at = new InetSocketAddress(target.host(), target.port());
        if (at.isUnresolved()) throw new UnknownHostException(target.host());
        ChannelListener<StreamConnection> opened = c -> opened(my, c);
        IoFuture<? extends StreamConnection> f = target.https()
            ? ssl().openSslConnection(io, at, opened, TLS_OPTIONS)
            : io.openStreamConnection(at, opened, PLAIN_OPTIONS);
        opening = f;
        f.addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Object>() {
          @Override
          public void handleFailed(IOException e, Object attachment) {
            onIoThread(() -> fail(my, e));
          }
        }, null);
      } catch (IOException e) {
        fail(my, e);
      } catch (RuntimeException e) {
        fail(my, new IOException("could not connect to " + target.display() + ": " + e, e));
      }
    }

    private void onIoThread(Runnable r) {
      if (Thread.currentThread() == io) {
        r.run();
      } else {
        io.execute(r);
      }
    }

    private void opened(int my, StreamConnection c) {
      if (finished || my != epoch) {
        IoUtils.safeClose(c);
        return;
      }
      opening = null;
      deadlines.connected();
      UpstreamConnection u = new UpstreamConnection(c, buffers, headScratch);
      connection = u;
      sendOn(my, u);
    }

    private void sendOn(int my, UpstreamConnection c) {
      byte[] head;
      try {
        head = target.requestHead(direct.headers(), direct.body().length);
      } catch (IllegalArgumentException e) {
        fail(my, new IOException("upstream request could not be sent: " + e.getMessage(), e));
        return;
      }
      // The body is the call's until answered, not the connection's: the connection lets go of
      // both buffers once they are written.
      c.send(head, direct.body(), new UpstreamConnection.Events() {
        @Override
        public void written() {
          if (my == epoch && !finished && !answered) deadlines.requestWritten();
        }

        @Override
        public void answered(int status, HttpHeaders headers) {
          if (my == epoch) onAnswer(status, headers);
        }

        @Override
        public void failed(IOException e) {
          fail(my, e);
        }
      });
    }

    private void onAnswer(int status, HttpHeaders headers) {
      if (finished) return;
      answered = true;
      direct = null;
      deadlines.cancel();
      listener.answered(this, status, headers);
    }

    /**
     * Fails the call before its answer: sent once more when a reused connection proved stale.
     *
     * @param from the connection try the failure belongs to; an earlier one's is ignored
     */
    private void fail(int from, IOException e) {
      if (from != epoch || finished || answered) return;
      epoch++;
      deadlines.newTry();
      closeConnection();
      // Timeouts (connect, headers, total) are not a stale connection's mark.
      boolean timedOut = e instanceof InterruptedIOException;
      if (reused && !retried && !timedOut && !closed) {
        retried = true;
        direct.sentAgainOnFreshConnection();
        start();
        return;
      }
      deadlines.cancel();
      finished = true;
      // As OkHttp words it.
      listener.failed(e instanceof UpstreamConnection.ClosedBeforeAnswer
          ? new IOException("unexpected end of stream on " + target.display(), e) : e);
    }

    private void closeConnection() {
      IoFuture<? extends StreamConnection> f = opening;
      opening = null;
      if (f != null) f.cancel();
      UpstreamConnection c = connection;
      connection = null;
      if (c != null) c.closeNow();
    }

    /**
     * Reads the answer's body, its framing removed; once {@link Listener#answered}.
     *
     * @return the bytes read, 0 when none are there yet, -1 at its end
     * @throws IOException when the connection failed or was aborted, or ended before the body
     */
    int read(ByteBuffer dst) throws IOException {
      UpstreamConnection c = connection;
      if (c == null) throw new IOException("the upstream call was ended");
      return c.read(dst);
    }

    /** Runs {@code r} whenever the body can be read, while reads are {@linkplain #resumeReads() resumed}. */
    void onReadable(Runnable r) {
      UpstreamConnection c = connection;
      if (c != null) c.onReadable(r);
    }

    void resumeReads() {
      UpstreamConnection c = connection;
      if (c != null) c.resumeReads();
    }

    void suspendReads() {
      UpstreamConnection c = connection;
      if (c != null) c.suspendReads();
    }

    /** The answer was read to its end: the connection goes back to its thread's idle ones. */
    void released() {
      if (finished) return;
      finished = true;
      UpstreamConnection c = connection;
      connection = null;
      if (c != null && c.reusable() && !closed) {
        c.idle();
        idle.put(io, address, c);
      } else if (c != null) {
        c.closeNow();
      }
    }

    /**
     * The answer was taken to its end but the upstream's end of it has not come yet (a stream's
     * last event, the chunked body's end still on its way): what is left is read and dropped for
     * {@code millis} at most, as OkHttp does, and the connection is kept when the end comes in time,
     * closed otherwise. Only on the call's IO thread.
     */
    void drain(long millis) {
      UpstreamConnection c = connection;
      if (finished || c == null) return;
      draining = true;
      XnioExecutor.Key timer = io.executeAfter(() -> {
        draining = false;
        abort();
      }, millis, TimeUnit.MILLISECONDS);
      c.onReadable(() -> drainRead(c, timer));
      drainRead(c, timer);
    }

    private void drainRead(UpstreamConnection c, XnioExecutor.Key timer) {
      if (!draining) return;
      io.undertow.connector.PooledByteBuffer pooled = buffers.allocate();
      try {
        long dropped = 0;
        while (true) {
          ByteBuffer b = pooled.getBuffer();
          b.clear();
          int n = c.read(b);
          if (n == 0 && dropped < MAX_DRAINED) {
            c.resumeReads();
            return;
          }
          if (n < 0) {
            timer.remove();
            draining = false;
            released();
            return;
          }
          dropped += n;
          if (dropped >= MAX_DRAINED) throw new IOException("too much left to drain");
        }
      } catch (IOException e) {
        timer.remove();
        draining = false;
        abort();
      } finally {
        pooled.close();
      }
    }

    /**
     * Ends the call at once and closes its connection's socket; idempotent, and nothing while the
     * connection is {@linkplain #drain drained}. Only on the call's IO thread.
     */
    void abort() {
      if (draining) return;
      deadlines.cancel();
      epoch++;
      finished = true;
      closeConnection();
    }
  }

  /**
   * Makes a call on the given IO thread, not started yet: {@link Call#start()} sends it, and the
   * listener is told there (possibly within {@code start()}, when it fails at once).
   *
   * @param io the IO thread the call runs on (the client's request's)
   * @param buffers the buffer pool of the server
   * @param direct the request
   * @param timeouts the attempt's timeouts; its connect, response-header and (unless {@code stream})
   *     total timeouts are kept until the answer's headers, the rest is the caller's
   * @param stream whether the answer is a stream, which the total timeout does not bound
   * @param listener told of the answer or the failure
   * @return the call
   * @throws IllegalArgumentException when the request's URL is not one
   */
  Call call(XnioIoThread io, ByteBufferPool buffers, DirectCall direct, Timeouts timeouts, boolean stream,
      Listener listener) {
    Target target;
    try {
      target = target(direct.url());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
    }
    return new Call(io, buffers, direct, target, timeouts, stream, listener);
  }

  private XnioSsl ssl() throws IOException {
    XnioSsl s = ssl;
    if (s != null) return s;
    synchronized (this) {
      if (ssl == null) {
        try {
          ssl = new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, tls != null ? tls : SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
          throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
      }
      return ssl;
    }
  }

  /**
   * An upstream URL as the calls use it, parsed once: the same few URLs (a channel's endpoint) are
   * called again and again.
   *
   * @param address scheme, host and port: the key of its idle connections
   * @param hostHeader the {@code Host} header's value
   * @param path the raw path and query of the request line
   * @param https whether it is called over TLS
   * @param display the upstream as failures name it: scheme, host, the port unless the scheme's
   *     own, and {@code /...} for the path, as OkHttp's redacted URL
   * @param host the host connected to
   * @param port the port connected to
   */
  record Target(String address, String hostHeader, String path, boolean https, String display, String host,
      int port) {
    static Target of(String url) throws URISyntaxException {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !"http".equals(scheme) && !"https".equals(scheme)) {
        throw new URISyntaxException(url, "not an http or https URL with a host");
      }
      boolean https = scheme.equals("https");
      int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
      String host = uri.getHost();
      if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
      String hostHeader = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) path = path + "?" + uri.getRawQuery();
      String display = scheme + "://" + (port == (https ? 443 : 80) ? host : host + ":" + port) + "/...";
      return new Target(scheme + "://" + uri.getHost() + ":" + port, hostHeader, path, https, display,
          uri.getHost(), port);
    }

    /**
     * The head of a request to this target: its request line, {@code Host}, the given headers (but
     * their own {@code Host}, {@code Content-Length}, {@code Transfer-Encoding} and {@code Connection}),
     * the body's length, and the blank line. Header text is written as ISO-8859-1, the bytes the
     * server read it from.
     *
     * @throws IllegalArgumentException when a header carries a line break or a character beyond ISO-8859-1
     */
    byte[] requestHead(HttpHeaders headers, int contentLength) {
      int size = 64 + path.length() + hostHeader.length();
      for (int i = 0; i < headers.size(); i++) size += headers.name(i).length() + headers.value(i).length() + 4;
      byte[] b = new byte[size];
      int at = put(b, 0, "POST ");
      at = put(b, at, path);
      at = text(b, at, " HTTP/1.1\r\nHost: ");
      at = put(b, at, hostHeader);
      at = text(b, at, "\r\n");
      for (int i = 0; i < headers.size(); i++) {
        String name = headers.name(i);
        if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
            || name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("connection")) {
          continue;
        }
        at = put(b, at, name);
        at = put(b, at, ": ");
        at = put(b, at, headers.value(i));
        at = text(b, at, "\r\n");
      }
      at = put(b, at, "Content-Length: ");
      at = put(b, at, Integer.toString(contentLength));
      at = text(b, at, "\r\n\r\n");
      return at == b.length ? b : java.util.Arrays.copyOf(b, at);
    }

    /** Writes the head's own text (line ends included). */
    private static int text(byte[] b, int at, String s) {
      for (int i = 0; i < s.length(); i++) b[at++] = (byte) s.charAt(i);
      return at;
    }

    /** Writes a path, a name or a value: no line break, nothing beyond ISO-8859-1. */
    private static int put(byte[] b, int at, String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c > 0xff || c == '\r' || c == '\n' || c == 0) {
          throw new IllegalArgumentException("a request header carries a character not allowed: " + (int) c);
        }
        b[at++] = (byte) c;
      }
      return at;
    }
  }

  /** How many parsed URLs are kept; for tests. */
  int cachedTargets() {
    return targets.size();
  }

  /** The target of a URL, from those parsed before when it is among them. */
  Target target(String url) throws URISyntaxException {
    Target t = targets.get(url);
    if (t != null) return t;
    t = Target.of(url);
    // Bounded: URLs with clients' query strings may all differ.
    if (targets.size() >= MAX_TARGETS) targets.clear();
    targets.put(url, t);
    return t;
  }

  /** Closes the idle connections; calls in flight end with their answers. */
  @Override
  public void close() {
    closed = true;
    idle.close();
  }
}
