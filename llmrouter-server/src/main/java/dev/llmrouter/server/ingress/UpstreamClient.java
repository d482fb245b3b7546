package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.Timeouts;
import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.ssl.XnioSsl;

/**
 * Makes upstream HTTP/1.1 calls on a server IO thread without blocking it: connects (TLS with the
 * JVM's trust store and host name verification), writes the request, and hands over the answer's
 * status, headers and body channel, all on the thread the call was made on. Each IO thread keeps
 * its own idle connections per scheme, host and port, for as long as the idle keep-alive; a call
 * that fails on a reused connection before any answer is sent once more on a fresh one, as the
 * OkHttp transport does.
 *
 * <p>A call's timeouts until its answer's headers are the OkHttp transport's ({@link CallDeadlines}),
 * and a connection the upstream closes before answering fails the call with OkHttp's "unexpected
 * end of stream" message rather than Undertow's. Thread-safe: what a thread touches of the pools is
 * its own.
 */
final class UpstreamClient implements AutoCloseable {
  /** The most bytes read and dropped after an answer's end before its connection is closed instead. */
  private static final long MAX_DRAINED = 64 * 1024;

  /** The most parsed URLs kept. */
  private static final int MAX_TARGETS = 256;
  /** Undertow's message for a connection closed before the answer ({@code UndertowMessages.connectionClosed}). */
  private static final String CONNECTION_CLOSED = "UT001000";

  private final UndertowClient undertow = UndertowClient.getInstance();
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private final IdleConnections idle;
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
    this.idle = new IdleConnections(idleKeepAlive, closer);
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
    private ClientConnection connection;
    private ClientExchange exchange;
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

    /** The answer's body channel; once {@link Listener#answered}. */
    org.xnio.channels.StreamSourceChannel body() {
      return exchange.getResponseChannel();
    }

    /** Sends the request: on an idle connection to the upstream, or a new one; on the call's IO thread. */
    void start() {
      int my = ++epoch;
      deadlines.start();
      ClientConnection pooled = retried ? null : idle.take(io, address);
      if (pooled != null) {
        reused = true;
        connection = pooled;
        sendOn(my, pooled);
        return;
      }
      reused = false;
      XnioSsl tls;
      try {
        tls = target.https() ? ssl() : null;
      } catch (IOException e) {
        fail(my, e);
        return;
      }
      OptionMap options = tls == null ? OptionMap.create(Options.TCP_NODELAY, true)
          : OptionMap.builder().set(Options.TCP_NODELAY, true)
              .set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS").getMap();
      // Undertow's client has no connect timeout and does not hand out the attempt to cancel: an
      // overdue connect fails the call, and a connection that opens afterwards is closed at once
      // (below); until then the attempt's socket is the kernel's to give up on.
      deadlines.connecting();
      undertow.connect(new ClientCallback<ClientConnection>() {
        @Override
        public void completed(ClientConnection c) {
          if (finished || my != epoch) {
            c.getIoThread().execute(() -> ClientConnections.close(c));
            return;
          }
          deadlines.connected();
          connection = c;
          sendOn(my, c);
        }

        @Override
        public void failed(IOException e) {
          fail(my, e);
        }
      }, target.uri(), io, tls, buffers, options);
    }

    /** The request was written: from now on its headers have the response-header timeout. */
    private void requestWritten(int my) {
      if (my == epoch && !finished && !answered) deadlines.requestWritten();
    }

    private void sendOn(int my, ClientConnection c) {
      io.undertow.client.ClientRequest request = new io.undertow.client.ClientRequest().setMethod(Methods.POST)
          .setPath(target.path());
      DirectCall d = direct;
      HttpHeaders h = d.headers();
      // Known names come from Undertow's table instead of a new HttpString each.
      for (int i = 0; i < h.size(); i++) request.getRequestHeaders().add(HttpString.tryFromString(h.name(i)), h.value(i));
      request.getRequestHeaders().put(Headers.HOST, target.hostHeader());
      request.getRequestHeaders().put(Headers.CONTENT_LENGTH, d.body().length);
      try {
        c.sendRequest(request, new ClientCallback<ClientExchange>() {
          @Override
          public void completed(ClientExchange ex) {
            exchange = ex;
            ex.setResponseListener(new ClientCallback<ClientExchange>() {
              @Override
              public void completed(ClientExchange answeredExchange) {
                if (my == epoch) onAnswer(answeredExchange);
              }

              @Override
              public void failed(IOException e) {
                fail(my, e);
              }
            });
            // The body is read from the call, not kept by this callback: the exchange holds the
            // callback for as long as the answer runs, minutes for a stream, and a client's body
            // is tens of kilobytes (a conversation so far), so 5,000 streams held hundreds of MiB.
            // The call lets go of it only once answered, which cannot come before this point.
            writeBody(my, ex.getRequestChannel(), ByteBuffer.wrap(direct.body()));
          }

          @Override
          public void failed(IOException e) {
            fail(my, e);
          }
        });
      } catch (RuntimeException e) {
        fail(my, new IOException("upstream request could not be sent: " + e, e));
      }
    }

    private void writeBody(int my, StreamSinkChannel sink, ByteBuffer body) {
      try {
        while (body.hasRemaining()) {
          if (sink.write(body) == 0) {
            sink.getWriteSetter().set(s -> writeBody(my, sink, body));
            sink.resumeWrites();
            return;
          }
        }
        sink.getWriteSetter().set(null);
        sink.shutdownWrites();
        if (!sink.flush()) {
          sink.getWriteSetter().set(s -> {
            try {
              if (s.flush()) {
                s.suspendWrites();
                requestWritten(my);
              }
            } catch (IOException e) {
              fail(my, e);
            }
          });
          sink.resumeWrites();
        } else {
          sink.suspendWrites();
          requestWritten(my);
        }
      } catch (IOException e) {
        fail(my, e);
      }
    }

    private void onAnswer(ClientExchange ex) {
      if (finished) return;
      answered = true;
      direct = null;
      deadlines.cancel();
      HeaderMap answerHeaders = ex.getResponse().getResponseHeaders();
      HttpHeaders.Builder headers = HttpHeaders.builder();
      for (HeaderValues values : answerHeaders) {
        for (String v : values) headers.add(values.getHeaderName().toString(), v);
      }
      // The client connection read what it needs of both header maps when the answer's head was
      // parsed (keep-alive, framing, 100-continue); a stream open for minutes keeps neither.
      answerHeaders.clear();
      ex.getRequest().getRequestHeaders().clear();
      listener.answered(this, ex.getResponse().getResponseCode(), headers.build());
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
      ClientConnection c = connection;
      connection = null;
      exchange = null;
      if (c != null) ClientConnections.closeNow(c);
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
      // As OkHttp words it, rather than Undertow's "UT001000: Connection closed".
      listener.failed(closedWithoutAnswer(e) ? new IOException("unexpected end of stream on " + target.display(), e)
          : e);
    }

    /** The answer was read to its end: the connection goes back to its thread's idle ones. */
    void released() {
      if (finished) return;
      finished = true;
      ClientConnection c = connection;
      connection = null;
      if (c != null && c.isOpen() && !closed) {
        idle.put(io, address, c);
      } else if (c != null) {
        ClientConnections.close(c);
      }
    }

    /**
     * The answer was taken to its end but the upstream's end of it has not come yet (a stream's
     * last event, the chunked body's end still on its way): what is left is read and dropped for
     * {@code millis} at most, as OkHttp does, and the connection is kept when the end comes in time,
     * closed otherwise. Only on the call's IO thread.
     */
    void drain(org.xnio.channels.StreamSourceChannel body, long millis) {
      if (finished || connection == null) return;
      draining = true;
      XnioExecutor.Key timer = io.executeAfter(() -> {
        draining = false;
        abort();
      }, millis, TimeUnit.MILLISECONDS);
      body.getReadSetter().set(ch -> drainRead(ch, timer));
      drainRead(body, timer);
    }

    private void drainRead(org.xnio.channels.StreamSourceChannel body, XnioExecutor.Key timer) {
      if (!draining) return;
      io.undertow.connector.PooledByteBuffer pooled = buffers.allocate();
      try {
        long dropped = 0;
        while (true) {
          ByteBuffer b = pooled.getBuffer();
          b.clear();
          int n = body.read(b);
          if (n == 0 && dropped < MAX_DRAINED) {
            body.resumeReads();
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
     * Ends the call at once and closes its connection's socket (not the HTTP connection's graceful
     * close, which waits for the upstream to end its side); idempotent, and nothing while the
     * connection is {@linkplain #drain drained}. Only on the call's IO thread.
     */
    void abort() {
      if (draining) return;
      deadlines.cancel();
      epoch++;
      finished = true;
      ClientConnection c = connection;
      connection = null;
      if (c != null) ClientConnections.closeNow(c);
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

  /**
   * Tells whether a failure is Undertow's report of a connection the upstream closed before its
   * answer's headers (a plain {@code IOException} with message {@code UT001000: Connection closed}).
   */
  static boolean closedWithoutAnswer(IOException e) {
    String m = e.getMessage();
    return e.getClass() == IOException.class && m != null && m.startsWith(CONNECTION_CLOSED);
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
   * @param uri the URL
   * @param address scheme, host and port: the key of its idle connections
   * @param hostHeader the {@code Host} header's value
   * @param path the raw path and query of the request line
   * @param https whether it is called over TLS
   * @param display the upstream as failures name it: scheme, host, the port unless the scheme's
   *     own, and {@code /...} for the path, as OkHttp's redacted URL
   */
  record Target(URI uri, String address, String hostHeader, String path, boolean https, String display) {
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
      return new Target(uri, scheme + "://" + uri.getHost() + ":" + port, hostHeader, path, https, display);
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
