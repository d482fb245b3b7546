package dev.llmrouter.server.ingress;

import dev.llmrouter.api.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keep-alive events for streamed answers whose upstream is silent (a reasoning model thinking for
 * minutes), so that the idle timers of clients and of proxies in between do not cut a healthy
 * stream. After {@code interval} without an event the client gets its protocol's keep-alive:
 * {@code event: ping} for Anthropic clients, an SSE comment line ({@code : ping}) for the others,
 * and white space between the elements of a Gemini JSON-array stream.
 *
 * <p>Cost: the ticker that arms client watches also looks at every open stream a few times per
 * interval; the worker pays, per event, one uncontended lock and one counter. A ping is written off
 * the ticker, by the request executor (a write may block on a client that reads slowly), and only
 * when the stream's worker is not writing. Pings start once the first event went out (before it the
 * router may still fail over, and no status is sent yet).
 *
 * <p>Thread-safe.
 */
final class StreamPings {
  private static final byte[] CLAUDE_PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMENT_PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ARRAY_PING = "\n".getBytes(StandardCharsets.UTF_8);

  private final long intervalNanos;
  private final Executor writers;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

  /**
   * @param interval the silence after which a ping is sent; zero turns pings off
   * @param ticker the scheduler that checks the streams
   * @param writers where ping writes run
   */
  StreamPings(Duration interval, ScheduledExecutorService ticker, Executor writers) {
    this.intervalNanos = interval.toNanos();
    this.writers = writers;
    if (intervalNanos <= 0) return;
    // Checked four times per interval (at most once a second): a ping goes out at most a quarter late.
    long period = Math.max(5, Math.min(1000, interval.toMillis() / 4));
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** The keep-alive bytes for a client of {@code protocol}; {@code jsonArray} for Gemini's JSON-array stream. */
  static byte[] pingBytes(Protocol protocol, boolean jsonArray) {
    if (jsonArray) return ARRAY_PING;
    return protocol == Protocol.CLAUDE ? CLAUDE_PING : COMMENT_PING;
  }

  /**
   * Starts watching a stream whose first event was written to {@code out}. Every later write to
   * {@code out} must happen between {@link Stream#lock()} and {@link Stream#unlock()}; {@link
   * Stream#close()} ends the watch.
   */
  Stream open(OutputStream out, byte[] ping) {
    Stream s = new Stream(out, ping);
    if (intervalNanos > 0) streams.add(s);
    return s;
  }

  private void tick() {
    long now = System.nanoTime();
    for (Stream s : streams) {
      long w = s.writes;
      if (w != s.seen) {
        s.seen = w;
        s.quietSince = now;
      } else if (now - s.quietSince >= intervalNanos && !s.sending) {
        s.quietSince = now;
        s.sending = true;
        try {
          writers.execute(s::ping);
        } catch (RejectedExecutionException e) {
          // Every worker is busy: the next tick tries again.
          s.sending = false;
        }
      }
    }
  }

  /** One watched stream. */
  final class Stream implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final OutputStream out;
    private final byte[] ping;
    /** Events written; only the worker changes it. */
    private volatile long writes;
    private volatile boolean sending;
    private boolean closed; // guarded by lock
    private long pings; // guarded by lock
    // The ticker's own view.
    private long seen;
    private long quietSince = System.nanoTime();

    private Stream(OutputStream out, byte[] ping) {
      this.out = out;
      this.ping = ping;
    }

    /** Takes the stream for a write of the worker. */
    void lock() {
      lock.lock();
    }

    /** Gives the stream back after a write, which counts as a sign of life. */
    void unlock() {
      writes++;
      lock.unlock();
    }

    /** Pings sent so far. */
    long pings() {
      lock.lock();
      try {
        return pings;
      } finally {
        lock.unlock();
      }
    }

    private void ping() {
      try {
        if (!lock.tryLock()) return; // the worker is writing: the stream is not silent
        try {
          if (closed) return;
          out.write(ping);
          out.flush();
          pings++;
        } finally {
          lock.unlock();
        }
      } catch (IOException e) {
        // The client is gone: the worker notices on its next write, or the client watch does.
      } finally {
        sending = false;
      }
    }

    /** Ends the watch; no ping is written afterwards. Idempotent. */
    @Override
    public void close() {
      streams.remove(this);
      lock.lock();
      try {
        closed = true;
      } finally {
        lock.unlock();
      }
    }
  }
}
