package dev.llmrouter.providers.internal;

import dev.llmrouter.api.provider.Timeouts;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The timeouts of upstream attempts, kept by one ticker thread that cancels overdue calls, instead
 * of OkHttp's per-call and per-read timers. Those put every socket read and write in and out of
 * a process-wide timer queue under one lock, and wake its watchdog thread each time a read becomes
 * the earliest deadline (at low concurrency, every read): measured, that was several percent of the
 * router's CPU per request. Here a call costs two map updates and a timestamp per read; a deadline
 * is noticed within {@link #TICK} of passing, which is nothing next to timeouts of seconds.
 *
 * <p>An attempt's {@link Entry} covers, in turn: the wait for the response headers, then the body
 * (the total timeout of a non-streamed call; the idle timeout between reads of a stream, or between
 * its events once its reader {@link Entry#countEvents() counts them}). The response-header timeout
 * counts from the moment the request was written: until then (connecting, TLS, sending the body)
 * the attempt has the connect plus response-header timeouts, and OkHttp's connect timeout bounds
 * the connect itself; the total timeout of a non-streamed call runs throughout. The entry learns of
 * the connection and of the request being written from its {@link Entry#events() event listener},
 * which also tells whether the attempt reused a pooled connection ({@link Entry#staleConnection}).
 * A call cancelled for a deadline fails with a {@link SocketTimeoutException} (headers, idle) or an
 * {@link InterruptedIOException} (total), as OkHttp's own timeouts do, so failover sees a timeout,
 * not a cancellation.
 *
 * <p>Thread-safe. The ticker thread starts with the first attempt and ends after a minute without
 * any; nothing needs closing.
 */
public final class Deadlines {
  /** How often deadlines are checked. */
  static final long TICK = TimeUnit.MILLISECONDS.toNanos(25);
  private static final long IDLE_EXIT = TimeUnit.MINUTES.toNanos(1);

  /**
   * The application interceptor that an attempt's client must carry: it moves the request's
   * {@link Entry} (its tag) from the headers phase to the body phase and watches the body's reads.
   * Requests without an entry pass untouched.
   */
  public static final Interceptor INTERCEPTOR = chain -> {
    Entry entry = chain.request().tag(Entry.class);
    if (entry == null) return chain.proceed(chain.request());
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException e) {
      entry.end();
      throw entry.translate(e);
    }
    entry.headersArrived();
    ResponseBody body = response.body();
    BufferedSource watched = Okio.buffer(new WatchedSource(body.source(), entry));
    return response.newBuilder().body(ResponseBody.create(watched, body.contentType(), body.contentLength())).build();
  };

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private Thread thread; // guarded by lock
  private volatile boolean sleeping = true;

  /**
   * Starts keeping the deadlines of one attempt. Tag the request with the entry ({@code
   * Request.Builder.tag(Deadlines.Entry.class, entry)}), send it with a client that carries
   * {@link #INTERCEPTOR}, then {@link Entry#start(Call) start} it. The entry ends by itself when the
   * response body is closed or the call fails; {@link Entry#end()} ends it earlier.
   *
   * @param t the attempt's timeouts; a zero duration means no limit
   * @param stream true for a streamed answer (idle timeout between reads instead of a total one)
   * @return the entry, not yet started
   */
  public Entry entry(Timeouts t, boolean stream) {
    return new Entry(t, stream);
  }

  /** {@return how many attempts are being watched} */
  public int size() {
    return entries.size();
  }

  private void add(Entry e) {
    entries.add(e);
    if (sleeping) wake();
  }

  private void wake() {
    synchronized (lock) {
      if (thread != null) return;
      sleeping = false;
      thread = new Thread(this::run, "llmrouter-upstream-deadlines");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void run() {
    long busy = System.nanoTime();
    while (true) {
      LockSupport.parkNanos(this, TICK);
      long now = System.nanoTime();
      if (entries.isEmpty()) {
        if (now - busy < IDLE_EXIT) continue;
        synchronized (lock) {
          sleeping = true;
          if (entries.isEmpty()) {
            thread = null;
            return;
          }
          sleeping = false;
        }
      }
      busy = now;
      for (Entry e : entries) {
        if (e.overdue(now)) e.expire();
      }
    }
  }

  /** The deadlines of one attempt. */
  public final class Entry {
    private static final int HEADERS = 0;
    private static final int BODY = 1;
    private static final int ENDED = 2;

    private final long headersNanos;
    private final long beforeWriteNanos;
    private final long totalNanos;
    private final long idleNanos;
    private final Duration headersLimit;
    private final Duration beforeWriteLimit;
    private final Duration totalLimit;
    private final Duration idleLimit;
    private final Events events = new Events();
    private long startNanos;
    /** When the headers are overdue (System.nanoTime), meaningful while headersNanos is not 0. */
    private volatile long headersDeadline;
    private volatile boolean written;
    private volatile boolean connected;
    private volatile boolean acquired;
    private volatile int phase = HEADERS;
    private volatile long lastRead;
    private volatile boolean perEvent;
    private volatile Call call;
    private volatile String expired;
    private volatile boolean expiredTotal;

    private Entry(Timeouts t, boolean stream) {
      this.headersLimit = t.responseHeaders();
      this.beforeWriteLimit = t.untilHeaders();
      this.totalLimit = stream ? Duration.ZERO : t.total();
      this.idleLimit = stream ? t.idle() : Duration.ZERO;
      this.headersNanos = positiveNanos(headersLimit);
      this.beforeWriteNanos = positiveNanos(beforeWriteLimit);
      this.totalNanos = positiveNanos(totalLimit);
      this.idleNanos = positiveNanos(idleLimit);
    }

    private long positiveNanos(Duration d) {
      return d.isNegative() || d.isZero() ? 0 : d.toNanos();
    }

    /**
     * Starts the clocks for {@code call}, which an overdue deadline cancels.
     *
     * @param call the attempt's call, about to be executed
     */
    public void start(Call call) {
      this.call = call;
      this.startNanos = System.nanoTime();
      this.headersDeadline = startNanos + beforeWriteNanos;
      if (headersNanos == 0 && totalNanos == 0 && idleNanos == 0) return;
      add(this);
    }

    /** Stops watching this attempt. Idempotent. */
    public void end() {
      if (phase == ENDED) return;
      phase = ENDED;
      entries.remove(this);
    }

    /**
     * {@return the listener to add to the attempt's call ({@code Call.addEventListener}) before it
     * is executed}
     */
    public EventListener events() {
      return events;
    }

    /**
     * Tells whether a failure of the call is the mark of a stale pooled connection: the call reused
     * a connection instead of opening one, and failed before the response headers arrived with a
     * plain IO failure (end of stream, reset, broken pipe), not a timeout, a cancel or a malformed
     * answer. Such a request may be sent again on a fresh connection.
     *
     * @param okCall the attempt's call
     * @param e what its {@code execute()} threw
     * @return true for a stale connection
     */
    public boolean staleConnection(Call okCall, IOException e) {
      return acquired && !connected && phase != BODY && expired == null && !okCall.isCanceled()
          && !(e instanceof InterruptedIOException) && !(e instanceof ProtocolException);
    }

    /** The request is written: from now on the response headers have the response-header timeout. */
    void requestWritten() {
      if (phase != HEADERS || written) return;
      written = true;
      headersDeadline = System.nanoTime() + headersNanos;
    }

    void headersArrived() {
      if (phase != HEADERS) return;
      lastRead = System.nanoTime();
      phase = BODY;
    }

    void read() {
      if (idleNanos != 0 && !perEvent) lastRead = System.nanoTime();
    }

    /**
     * From now on the idle timeout runs between whole events ({@link #eventArrived()}), not between
     * reads: a stream that trickles bytes without ever completing an event is cut too.
     */
    public void countEvents() {
      lastRead = System.nanoTime();
      perEvent = true;
    }

    /** A whole event arrived: the idle timeout starts again. */
    public void eventArrived() {
      if (idleNanos != 0) lastRead = System.nanoTime();
    }

    boolean overdue(long now) {
      int p = phase;
      if (p == ENDED) return false;
      if (totalNanos != 0 && now - startNanos >= totalNanos) return true;
      if (p == HEADERS) return headersNanos != 0 && now - headersDeadline >= 0;
      return idleNanos != 0 && now - lastRead >= idleNanos;
    }

    void expire() {
      int p = phase;
      if (p == ENDED) return;
      long now = System.nanoTime();
      if (totalNanos != 0 && now - startNanos >= totalNanos) {
        expiredTotal = true;
        expired = "timeout: the answer took longer than " + seconds(totalLimit);
      } else if (p == HEADERS) {
        expired = written ? "timeout: no response headers within " + seconds(headersLimit) + " of the request"
            : "timeout: no response headers within " + seconds(beforeWriteLimit);
      } else {
        expired = (perEvent ? "timeout: no event from the upstream for " : "timeout: no data from the upstream for ")
            + seconds(idleLimit);
      }
      end();
      Call c = call;
      if (c != null) c.cancel();
    }

    private String seconds(Duration d) {
      long ms = d.toMillis();
      return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The exception to throw for {@code e}: a timeout when a deadline cancelled the call, else {@code e}. */
    IOException translate(IOException e) {
      String reason = expired;
      if (reason == null || e instanceof InterruptedIOException) return e;
      // As OkHttp's own: the total limit is a call timeout, the others are read timeouts.
      InterruptedIOException timeout = expiredTotal ? new InterruptedIOException(reason) : new SocketTimeoutException(reason);
      timeout.initCause(e);
      return timeout;
    }

    /** Notes the connection and the request's writing for its entry. */
    private final class Events extends EventListener {
      @Override
      public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        connected = true;
      }

      @Override
      public void connectionAcquired(Call call, Connection connection) {
        acquired = true;
      }

      @Override
      public void requestHeadersEnd(Call call, Request request) {
        if (request.body() == null) requestWritten();
      }

      @Override
      public void requestBodyEnd(Call call, long byteCount) {
        requestWritten();
      }
    }
  }

  /** Counts reads as signs of life, ends the entry on close, and reports timeouts as such. */
  private static final class WatchedSource extends ForwardingSource {
    private final Entry entry;

    WatchedSource(okio.Source delegate, Entry entry) {
      super(delegate);
      this.entry = entry;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long n;
      try {
        n = super.read(sink, byteCount);
      } catch (IOException e) {
        throw entry.translate(e);
      }
      entry.read();
      return n;
    }

    @Override
    public void close() throws IOException {
      entry.end();
      super.close();
    }
  }
}
