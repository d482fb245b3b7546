package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.PushedExchange;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.scheduler.PendingAttempt;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Routing;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * One passthrough request (a stream, or one whose answer comes whole) served on its connection's IO
 * thread from start to end, without a thread of its own: each attempt the channel's provider offers
 * as a {@link DirectCall} is sent with the non-blocking {@link UpstreamClient}; the answer's bytes
 * are pushed into its exchange as they are read, the routing classifies it once it is ready (the
 * first event, the whole error, or the whole answer of a request without a stream, within the
 * attempt's total timeout) exactly as for an attempt made by a worker, and an answer that comes
 * whole is sent at once; a stream that is the client's answer is relayed event by
 * event: read, written and flushed ({@link ClientSink}) on the same thread, the upstream read only
 * once the client took what was read before (so at most one read's events are held). The idle
 * timeout between events and the keep-alive pings run on the IO thread's timer ({@link
 * StreamTimers}). An attempt without a direct call (a converting channel, say) hands the rest of
 * the request to a worker, as if it had started there. Not thread-safe: everything runs on the IO
 * thread, except {@link CancelSignal} callbacks, which are moved there.
 */
final class DirectStream implements UpstreamClient.Listener, StreamTimers.Target {
  private static final Logger log = LoggerFactory.getLogger(DirectStream.class);
  /** How long the rest of an answer whose last event was relayed is waited for, to keep its connection. */
  private static final long DRAIN_MILLIS = 100;

  private final ClientSide client;
  private final XnioIoThread io;
  private final Routing routing;
  private final CancelSignal cancel;
  private final UpstreamClient upstream;
  private final StreamHost host;
  private final byte[] ping;
  private final String contentType;
  private final HangUpWatch watch;
  /** Whether the client asked for a stream; else the answer comes whole, within the total timeout. */
  private final boolean stream;
  private final ClientSink sink;
  private final StreamTimers timers;
  private Runnable unregisterCancel;

  private PendingAttempt attempt;
  private DirectCall direct;
  private UpstreamClient.Call call;
  private PushedExchange answer;
  private RoutedResponse response;
  private boolean lastFrameTaken;
  /** A stop came once the stream's last event was read: the stream ends whole, not cancelled. */
  private boolean letFinish;
  private boolean ended;
  private long firstByteNanos = -1;
  private boolean counted;

  /**
   * @param stream whether the client asked for a stream
   * @param contentType the stream's content type for the client
   * @param pingInterval the upstream silence after which the client gets a keep-alive; zero for none
   * @param ping the keep-alive's bytes
   * @param watch watches the client's connection for a hang-up while the answer is awaited, or null
   */
  DirectStream(ClientSide client, Routing routing, CancelSignal cancel, UpstreamClient upstream,
      StreamHost host, boolean stream, String contentType, Duration pingInterval, byte[] ping, HangUpWatch watch) {
    this.client = client;
    this.io = client.ioThread();
    this.routing = routing;
    this.cancel = cancel;
    this.upstream = upstream;
    this.host = host;
    this.contentType = contentType;
    this.ping = ping;
    this.watch = watch;
    this.stream = stream;
    this.sink = new ClientSink(client, this);
    this.timers = new StreamTimers(io, System::nanoTime, this, pingInterval);
  }

  /** Starts the routing; on the IO thread. */
  void start() {
    unregisterCancel = cancel.onCancel(() -> io.execute(this::cancelled));
    next();
    // Armed once the request is on its way upstream: the watch starts only after its delay.
    if (!ended && watch != null) timers.watchAfter(watch, ProxyHandler.WATCH_DELAY);
  }

  /** Makes the next attempt, or answers when there is none. */
  private void next() {
    while (!ended) {
      PendingAttempt a = routing.next();
      if (a == null) {
        answer(routing.answer());
        return;
      }
      DirectCall d;
      try {
        d = a.provider().direct(a.call());
      } catch (RuntimeException e) {
        d = null;
      }
      if (d == null) {
        handOff(a);
        return;
      }
      attempt = a;
      direct = d;
      Timeouts t = a.call().timeouts();
      // A stream's events may be apart by the idle timeout; an answer that comes whole must be read
      // within the total timeout, counted from the attempt's start (answered() sets it so).
      timers.idle(stream ? t.idle() : t.total());
      try {
        // Set before it starts: a call that fails at once tells failed() within start().
        call = upstream.call(io, client.buffers(), d, t, stream, this);
        call.start();
      } catch (RuntimeException e) {
        call = null;
        RoutedResponse r = routing.failed(a, new IOException("upstream request could not be made: " + e.getMessage(), e));
        if (r != null) {
          answer(r);
          return;
        }
        continue;
      }
      return;
    }
  }

  /** The rest goes to a worker, which also ends the request; this stream lets go of it. */
  private void handOff(PendingAttempt a) {
    ended = true;
    timers.cancelAll();
    if (unregisterCancel != null) unregisterCancel.run();
    host.toWorker(routing, a);
  }

  @Override
  public void failed(IOException e) {
    call = null;
    if (ended) return;
    RoutedResponse r = routing.failed(attempt, e);
    if (r != null) {
      answer(r);
    } else {
      next();
    }
  }

  @Override
  public void answered(UpstreamClient.Call c, int status, HttpHeaders headers) {
    if (ended) {
      c.abort();
      return;
    }
    long headersNanos = System.nanoTime() - c.startNanos;
    answer = direct.answer(status, headers, headersNanos, () -> {
      if (Thread.currentThread() == io) {
        c.abort();
      } else {
        io.execute(c::abort);
      }
    });
    c.onReadable(this::onUpstream);
    // The timer is armed only if the answer must be waited for (awaitAnswer): most often the first
    // event came with the headers, and the timer is armed once it is written.
    timers.upstreamSeen(stream ? System.nanoTime() : c.startNanos);
    awaitAnswer();
  }

  /** The upstream's bytes can be read. */
  private void onUpstream() {
    if (ended || answer == null) return;
    if (response == null) {
      awaitAnswer();
    } else {
      pump();
    }
  }

  /**
   * Reads once from the upstream into the answer.
   *
   * @return false when nothing was there to read
   */
  private boolean readOnce() {
    if (answer.finished()) return false;
    PooledByteBuffer pooled = client.buffers().allocate();
    try {
      ByteBuffer buf = pooled.getBuffer();
      int n;
      try {
        n = call.read(buf);
      } catch (IOException e) {
        answer.fail(e);
        return true;
      }
      if (n == 0) return false;
      if (n < 0) {
        answer.end();
        call.released();
        return true;
      }
      buf.flip();
      answer.push(buf);
      return true;
    } finally {
      pooled.close();
    }
  }

  /** Before the answer is the client's: reads until the routing can judge it, then lets it. */
  private void awaitAnswer() {
    while (!answer.ready()) {
      if (!readOnce()) {
        call.resumeReads();
        if (!timers.armed()) timers.schedule();
        return;
      }
    }
    call.suspendReads();
    PushedExchange ready = answer;
    RoutedResponse r = routing.complete(attempt, ready);
    if (r == null) {
      // Not taken (an error that fails over): the routing closed it.
      answer = null;
      call = null;
      timers.cancel();
      next();
      return;
    }
    answer(r);
  }

  /** The client's answer: an error or whole answer is sent at once, a stream is relayed. */
  private void answer(RoutedResponse r) {
    response = r;
    // The attempt and its request (whose body may be hundreds of kilobytes) are not needed any more.
    attempt = null;
    direct = null;
    if (host.stopping() && cancel.isCancelled()) {
      r.cancel();
      client.status(503);
      sendWhole(ByteBuffer.wrap(host.shutdownAnswer()), "application/json");
      return;
    }
    host.startAnswer(r);
    if (!r.isStream()) {
      timers.cancel();
      // The answer's own bytes, not a copy: they are only written out.
      sendWhole(r.bodyBuffer(), r.contentType());
      return;
    }
    sink.open(contentType);
    firstByteNanos = System.nanoTime();
    timers.relaying(firstByteNanos);
    try {
      StreamFrame first = r.nextFrame();
      if (first == null) {
        lastFrameTaken = true;
      } else {
        sink.append(first.bytes());
      }
    } catch (IOException e) {
      lastFrameTaken = true;
    }
    pump();
    // Armed after the first write, which nothing before it waits for.
    if (!ended) timers.schedule();
  }

  private void sendWhole(ByteBuffer body, String type) {
    if (watch != null) watch.stopNow();
    counted();
    firstByteNanos = System.nanoTime();
    sink.sendWhole(body, type);
  }

  /**
   * Moves the stream on: writes what is waiting, takes the frames the upstream's bytes made ready,
   * and reads the upstream once the client took everything; waits for the client (upstream reads
   * paused) or for the upstream.
   */
  void pump() {
    if (ended || !sink.isOpen()) return;
    try {
      while (true) {
        boolean last = lastFrameTaken;
        // The stream's last bytes go out with the response's end, so what must come before that
        // end comes first.
        if (last) beforeEnd();
        if (!(last ? sink.writeOutLast() : sink.writeOut())) {
          if (answer != null) call.suspendReads();
          sink.awaitClient();
          return;
        }
        if (last) {
          // The last bytes and the response's end went out: the upstream connection is kept or closed.
          completeStream();
          return;
        }
        boolean any = false;
        while (answer.ready() && sink.hasRoom()) {
          StreamFrame f = response.nextFrame();
          if (f == null) {
            lastFrameTaken = true;
            break;
          }
          sink.append(f.bytes());
          any = true;
        }
        if (any) {
          timers.eventsWritten(System.nanoTime());
          continue;
        }
        if (lastFrameTaken) continue;
        if (readOnce()) continue;
        call.resumeReads();
        return;
      }
    } catch (IOException e) {
      clientGone();
    }
  }

  /** What comes before the response's end: counted, and the connection given back. */
  private void beforeEnd() {
    counted();
    // The connection goes back to the server before the response ends: once both sides of the
    // exchange are done, the server reads the next request at once.
    if (watch != null) watch.stopNow();
  }

  /** The response ended: the rest of the upstream's answer is read off, and the request is over. */
  void completeStream() {
    if (ended) return;
    // The terminal event often comes just before the end of the answer: what is left is read off,
    // so that the connection can serve another request.
    if (!answer.readToEnd() && call != null) call.drain(DRAIN_MILLIS);
    client.end();
    finish(false);
  }

  /** A write to the client failed, or the client's connection closed: the upstream is cancelled. */
  void clientGone() {
    if (ended) return;
    cancel.cancel();
    if (response != null) response.cancel();
    log.info("[Proxy-Cancel] client went away mid-stream; upstream call cancelled");
    if (watch != null) watch.stopNow();
    client.abort();
    finish(true);
  }

  /** The cancel signal fired (the client hung up, or the server stops); on the IO thread. */
  private void cancelled() {
    if (ended) return;
    if (response == null) {
      // Waiting for an answer: the attempt ends as cancelled, and the routing answers.
      UpstreamClient.Call c = call;
      if (c == null || attempt == null) return;
      c.abort();
      if (answer != null) {
        answer.fail(new IOException("cancelled"));
        awaitAnswer();
      } else {
        call = null;
        RoutedResponse r = routing.failed(attempt, new IOException("cancelled"));
        if (r == null) {
          next();
        } else {
          answer(r);
        }
      }
      return;
    }
    if (!sink.isOpen()) return; // a whole answer is being sent
    if (host.stopping()) {
      if (lastFrameTaken) {
        // The stream's own end is among the bytes waiting for a slow client: nothing is cut, so it
        // ends as it is, with no error event after its end (the stop waits for it, then closes).
        letFinish = true;
        log.info("[Server-Shutdown] a stream whose last event was already read ends as it is");
        return;
      }
      // Cut by a shutdown: the client is told so in its own protocol, after the bytes already
      // waiting for it (a client that reads slowly). They may end in an event partly written, which
      // the error event must not run into (nor leave its chunk unfinished).
      response.cancel();
      sink.append(host.shutdownEnd(response).bytes());
      lastFrameTaken = true;
      log.info("[Server-Shutdown] a stream was ended with an error event");
      pump();
      return;
    }
    clientGone();
  }

  /** Tells whether the request is over. */
  @Override
  public boolean ended() {
    return ended;
  }

  /**
   * The upstream was silent for its idle timeout (a stream), or the answer did not come whole
   * within the total timeout (any other): an answer still being read fails as timed out, and the
   * request moves on (the routing judges it, or the client gets its end). As with OkHttp, the idle
   * timeout is a read timeout ({@link SocketTimeoutException}) and the total one a call timeout
   * ({@link InterruptedIOException}), which failover describes as "read timeout" and "timeout".
   *
   * @return false when no answer is being read
   */
  @Override
  public boolean idleTimedOut() {
    PushedExchange a = answer;
    if (a == null || a.finished()) return false;
    a.fail(stream ? new SocketTimeoutException("idle timeout")
        : new InterruptedIOException("timeout: the answer did not come whole within the request's total timeout"));
    if (call != null) call.abort();
    if (response == null) {
      awaitAnswer();
    } else {
      pump();
    }
    return true;
  }

  /** Tells whether a keep-alive may go to the client now: nothing waits for it and more is to come. */
  @Override
  public boolean mayPing() {
    return !sink.hasPending() && !lastFrameTaken;
  }

  /** Writes a keep-alive to the client. */
  @Override
  public void ping() {
    sink.append(ping);
    pump();
  }

  /** Counts the request as served here, once, before the client can see its end. */
  private void counted() {
    if (counted) return;
    counted = true;
    host.servedOnIoThread();
  }

  /** The request is over: the attempt settled, the connection kept or closed, the bookkeeping done. */
  void finish(boolean cut) {
    if (ended) return;
    counted();
    ended = true;
    timers.cancelAll();
    if (unregisterCancel != null) unregisterCancel.run();
    if (watch != null) watch.stopNow();
    RoutedResponse r = response;
    if (call != null && answer != null && !answer.readToEnd()) call.abort();
    // Released here, on its thread: its connection is kept (drained) or closed already, so the
    // settling below has nothing to send back to this thread.
    if (answer != null) answer.close();
    boolean cancelled = cut || (cancel.isCancelled() && !letFinish);
    long firstByte = firstByteNanos;
    // Settling the attempt and writing the request's log line are left to the settling thread: when
    // thousands of streams end at once, this thread relays the events of the others meanwhile.
    host.afterwards(() -> {
      try {
        if (r != null) r.close();
      } finally {
        host.ended(r, firstByte, cancelled);
      }
    });
  }
}
