package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.server.http.ConnectionFront;
import dev.llmrouter.server.http.IdleHangUps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One client connection as the {@link Front} serves it, on its IO thread: it reads a request's
 * head into a buffer of the server's pool and parses it ({@link RequestHead}); a request the front
 * takes has its body read into an array of its length and is served by a {@link FrontRequest},
 * after which the connection reads its next request; anything else, and the connection with it,
 * goes to Undertow with the bytes read. While a request awaits its answer, the connection watches
 * its client ({@link HangUpWatch}): a hang-up cancels the request, and the bytes of a next request
 * sent early are kept for after it. A connection idle for longer than the server allows between
 * requests, or whose head does not come whole in time, is closed.
 *
 * <p>Not thread-safe: used on the connection's IO thread only.
 */
final class FrontConnection implements HangUpWatch {
  private static final Logger log = LoggerFactory.getLogger(FrontConnection.class);

  private final Front front;
  private final StreamConnection connection;
  private final IdleHangUps hangUps;
  private final ConnectionFront.Server undertow;
  private final XnioIoThread io;
  private final ConduitStreamSourceChannel source;

  private final ReadBytes in;
  private XnioExecutor.Key timer;
  /** Whether the timer is a head's (which runs from its first bytes), not the idle connection's. */
  private boolean headTimer;
  /** When the bytes of the head being read began to come, in {@link System#nanoTime()} units. */
  private long headBegan;
  private boolean closed;
  /** Set once Undertow has the connection: what happens to it is Undertow's then. */
  private boolean handedOff;

  // The request being read (its body) or served.
  private Front.Target target;
  private String path;
  private String query;
  private HttpHeaders headers;
  private boolean keepAlive;
  private ProxyHandler.HeldBody held;
  private long start;
  private byte[] body;
  private int bodyFilled;
  /** Where the request's head began in {@link #in}, its length, and the body's bytes found after it there. */
  private int requestStart;
  private int headLength;
  private int fromIn;
  private boolean readingBody;
  private boolean watching;
  private FrontRequest current;

  FrontConnection(Front front, StreamConnection connection, IdleHangUps hangUps, ConnectionFront.Server undertow) {
    this.front = front;
    this.connection = connection;
    this.hangUps = hangUps;
    this.undertow = undertow;
    this.io = connection.getIoThread();
    this.source = connection.getSourceChannel();
    this.in = new ReadBytes(front.buffers());
  }

  /** Starts reading the connection's first request. */
  void start() {
    // A connection may be closed from another thread (the closer of clients that hung up while
    // idle): what it ends is ended on the connection's own thread, as everything here.
    connection.setCloseListener(c -> {
      if (Thread.currentThread() == io) {
        closed();
      } else {
        try {
          io.execute(this::closed);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          // The IO threads stop: nothing runs on this connection any more.
        }
      }
    });
    source.setReadListener(c -> readable());
    serve();
  }

  private void readable() {
    if (readingBody) {
      readBody();
    } else if (current != null) {
      watchRead();
    } else {
      serve();
    }
  }

  /** Reads and parses until a request's head is whole, then takes the request or hands the connection over. */
  private void serve() {
    while (!closed) {
      if (in.hasRemaining()) {
        RequestHead head = front.head();
        int parsed = head.parse(in.buffer());
        if (parsed == RequestHead.COMPLETE) {
          take(head);
          return;
        }
        if (parsed == RequestHead.DECLINED || in.isFull()) {
          handOff(parsed == RequestHead.DECLINED ? "a head the front does not parse" : "a head past one buffer");
          return;
        }
      }
      if (!readIntoIn()) return;
    }
  }

  /**
   * Reads what the client sent once.
   *
   * @return true when bytes came; false when none did (reads resumed and the timer armed) or the
   *     connection ended
   */
  private boolean readIntoIn() {
    boolean begun = in.hasRemaining();
    int n = in.readFrom(source);
    if (n > 0) {
      if (!begun) {
        // A head begins: the idle connection's timer is done with; a head's own runs from here.
        headBegan = System.nanoTime();
        cancelTimer();
      }
      return true;
    }
    if (n < 0) {
      close();
      return false;
    }
    source.resumeReads();
    if (!in.hasRemaining()) {
      armTimer(front.idleTimeoutMillis(), false);
    } else if (!headTimer && front.parseTimeoutMillis() > 0) {
      // A head begun must come whole in time from its first bytes, however slowly they come.
      long spent = (System.nanoTime() - headBegan) / 1_000_000L;
      armTimer(Math.max(1, front.parseTimeoutMillis() - spent), true);
    }
    return false;
  }

  /** A request's head is whole: the request is taken, or the connection handed to Undertow. */
  private void take(RequestHead head) {
    ProxyHandler proxy = front.proxy();
    Front.Target t = front.stopping() ? null : front.target(head.method(), head.path(), head.query());
    long length = head.contentLength();
    // A body is read into one array: a length past an array's goes the general way too.
    if (t == null || length < 0 || length > Math.min(proxy.maxBodyBytes(), Integer.MAX_VALUE - 8)
        || proxy.directClient() == null
        || proxy.logsBodies() || !front.access().allowsProxy(head.headers())) {
      handOff("a request the front does not serve");
      return;
    }
    ProxyHandler.HeldBody h = proxy.tryAdmit(length);
    if (h == null) {
      // Refused: the general way answers it (503 in the client's format, with its access line).
      handOff("a request over the server's bounds");
      return;
    }
    cancelTimer();
    source.suspendReads();
    hangUps.requestRunning(true);
    start = System.nanoTime();
    target = t;
    path = head.path();
    query = head.query();
    headers = head.headers();
    keepAlive = head.keepAlive();
    held = h;
    ByteBuffer read = in.buffer();
    requestStart = read.position();
    headLength = head.headLength();
    body = new byte[(int) length];
    fromIn = (int) Math.min(read.remaining() - headLength, length);
    read.get(requestStart + headLength, body, 0, fromIn);
    bodyFilled = fromIn;
    if (bodyFilled < body.length) {
      readingBody = true;
      readBody();
    } else {
      bodyRead();
    }
  }

  /** Reads the rest of the body; the client hanging up before its end closes the connection. */
  private void readBody() {
    ByteBuffer dst = ByteBuffer.wrap(body, bodyFilled, body.length - bodyFilled);
    while (dst.hasRemaining()) {
      int n;
      try {
        n = source.read(dst);
      } catch (IOException e) {
        n = -1;
      }
      if (n < 0) {
        readingBody = false;
        held.end();
        held = null;
        close();
        return;
      }
      if (n == 0) {
        bodyFilled = dst.position();
        source.resumeReads();
        return;
      }
    }
    bodyFilled = body.length;
    readingBody = false;
    source.suspendReads();
    bodyRead();
  }

  /** The body was read: the request is served here, or (a body that is not JSON) the general way. */
  private void bodyRead() {
    RoutingFields fields;
    try {
      fields = RoutingFields.scan(body);
    } catch (MalformedJsonException e) {
      held.end();
      handOffWithBody("a body that is not JSON");
      return;
    }
    // The request's bytes in the buffer are used; what follows them is the next request's.
    in.usedTo(requestStart + headLength + fromIn);
    FrontRequest request = new FrontRequest(front, this, target, path, query, headers, keepAlive, body, fields, held,
        start);
    forgetRequest();
    current = request;
    front.started();
    request.start();
  }

  /** The connection goes to Undertow, with the request's bytes read so far from its first on. */
  private void handOff(String why) {
    if (log.isDebugEnabled()) log.debug("[Front-HandOff] {} goes to Undertow: {}", connection.getPeerAddress(), why);
    cancelTimer();
    hangUps.requestRunning(false);
    source.suspendReads();
    source.setReadListener(null);
    // The close listener stays (XNIO merges a connection's close listeners): it does nothing now.
    handedOff = true;
    front.handedOff();
    undertow.take(connection, in.take());
  }

  /** As {@link #handOff}, for a request whose body was read: its head and body go back together. */
  private void handOffWithBody(String why) {
    byte[] request = new byte[headLength + body.length];
    in.buffer().get(requestStart, request, 0, headLength);
    System.arraycopy(body, 0, request, headLength, body.length);
    in.putBack(request, requestStart + headLength + fromIn);
    forgetRequest();
    handOff(why);
  }

  /**
   * The request goes on on a worker (its routing needs one): Undertow takes the connection, with a
   * request head that stands for it (no body: the routing holds the request) and the bytes of any
   * next request after it. {@link Front#resume} finds the request by its connection.
   */
  void handOffToWorker(FrontRequest request, String path, boolean keepAlive) {
    current = null;
    stopNow();
    String stand = "POST " + path + " HTTP/1.1\r\nHost: front\r\nContent-Length: 0\r\n"
        + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
    in.putBack(stand.getBytes(StandardCharsets.ISO_8859_1), in.hasRemaining() ? in.buffer().position() : 0);
    front.handOver(connection, request);
    handOff("a request whose routing needs a worker");
    // Undertow parses a whole head at once and runs its handler before this returns.
    FrontRequest left = front.forget(connection);
    if (left != null) left.notResumed();
  }

  /** Lets go of the request read, now another's or handed over. */
  private void forgetRequest() {
    body = null;
    held = null;
    target = null;
    path = null;
    query = null;
    headers = null;
  }

  /**
   * The request's answer ended: the connection reads its next request, or closes.
   *
   * @param keep whether the connection may serve another request
   */
  void requestEnded(boolean keep) {
    current = null;
    stopNow();
    hangUps.requestRunning(false);
    if (closed) return;
    if (!keep) {
      close();
      return;
    }
    if (in.hasRemaining()) {
      // A next request came early: it is served once this one's end is done with.
      headBegan = System.nanoTime();
      io.execute(this::serve);
    } else {
      source.resumeReads();
      armTimer(front.idleTimeoutMillis(), false);
    }
  }

  @Override
  public void armNow() {
    if (closed || watching || current == null) return;
    watching = true;
    watchRead();
  }

  @Override
  public void stopNow() {
    if (!watching) return;
    watching = false;
    source.suspendReads();
  }

  /** While an answer is awaited: the client's end of the connection read, without taking a request. */
  private void watchRead() {
    if (!watching) {
      source.suspendReads();
      return;
    }
    if (in.isFull()) {
      // A next request's bytes fill the buffer: they wait until this request is over.
      stopNow();
      return;
    }
    int n = in.readFrom(source);
    if (n == 0) {
      source.resumeReads();
      return;
    }
    stopNow();
    if (n < 0) {
      in.release();
      FrontRequest r = current;
      if (r != null) r.clientHungUp();
    }
  }

  /** The connection's sink, where answers are written. */
  org.xnio.conduits.ConduitStreamSinkChannel sink() {
    return connection.getSinkChannel();
  }

  XnioIoThread io() {
    return io;
  }

  /** Closes the connection (its close listener ends what runs on it). */
  void close() {
    IoUtils.safeClose(connection);
  }

  private void closed() {
    if (closed || handedOff) return;
    closed = true;
    cancelTimer();
    in.release();
    if (held != null) {
      held.end();
      held = null;
    }
    FrontRequest r = current;
    current = null;
    if (r != null) r.clientHungUp();
  }

  private void armTimer(long millis, boolean forHead) {
    cancelTimer();
    headTimer = forHead;
    if (millis > 0) timer = io.executeAfter(this::close, millis, TimeUnit.MILLISECONDS);
  }

  private void cancelTimer() {
    headTimer = false;
    if (timer != null) {
      timer.remove();
      timer = null;
    }
  }
}
