package dev.llmrouter.server.ingress;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.xnio.XnioExecutor;

/**
 * The timers of one {@link DirectStream}, on its connection's IO thread: the idle timeout between
 * the upstream's events, the keep-alive pings while the upstream is silent and the client is
 * relayed to, and the delay after which the client's connection is watched. The idle timeout and
 * the pings share one task, armed at the nearer deadline; events only move the deadlines, and a
 * task that fires before them arms itself again. Each deadline is spent when it fires: an idle
 * timeout is watched again only from the upstream's next sign of life (the next attempt's answer,
 * say), and a keep-alive that could not go out (the client still has bytes waiting) is due again an
 * interval later, so a timer that fired is never armed at a deadline already past.
 *
 * <p>Not thread-safe: used on the connection's IO thread only, like its stream.
 */
final class StreamTimers implements Runnable {
  /** What the timers act on: a {@link DirectStream}. */
  interface Target {
    /** {@return whether the request is over} */
    boolean ended();

    /**
     * The upstream was silent for the idle timeout.
     *
     * @return false when no answer is being read
     */
    boolean idleTimedOut();

    /** {@return whether a keep-alive may go to the client now} */
    boolean mayPing();

    /** Writes a keep-alive to the client. */
    void ping();
  }

  private final XnioExecutor io;
  private final LongSupplier clock;
  private final Target stream;
  private final long pingNanos;
  private long idleNanos;
  private long lastEventNanos;
  /** Whether the upstream's silence is watched: from its last sign of life until the timeout fires. */
  private boolean idleWatched;
  private long lastWriteNanos;
  /** Whether the stream relays to the client: pings are due only then. */
  private boolean relaying;
  private XnioExecutor.Key timer;
  private XnioExecutor.Key watchTimer;

  /**
   * @param io the connection's IO thread, whose timer runs the tasks
   * @param clock the nanosecond clock the stream's times are read from ({@code System::nanoTime})
   * @param pingInterval the upstream silence after which the client gets a keep-alive; zero for none
   */
  StreamTimers(XnioExecutor io, LongSupplier clock, Target stream, Duration pingInterval) {
    this.io = io;
    this.clock = clock;
    this.stream = stream;
    this.pingNanos = pingInterval.toNanos();
  }

  /** Arms {@code watch} once the request has run for {@code delay}. */
  void watchAfter(HangUpWatch watch, Duration delay) {
    watchTimer = io.executeAfter(watch::armNow, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The idle timeout of the attempt being made; zero for none. Its silence is watched from its
   * answer on ({@link #upstreamSeen}).
   */
  void idle(Duration timeout) {
    idleNanos = timeout.toNanos();
    idleWatched = false;
  }

  /** The upstream's silence counts from {@code now} (its answer began). */
  void upstreamSeen(long now) {
    lastEventNanos = now;
    idleWatched = true;
  }

  /** The stream relays to the client from {@code now} on: pings are due after its silences. */
  void relaying(long now) {
    relaying = true;
    lastEventNanos = now;
    lastWriteNanos = now;
    idleWatched = true;
  }

  /** Events were taken from the upstream and written to the client at {@code now}. */
  void eventsWritten(long now) {
    lastEventNanos = now;
    lastWriteNanos = now;
    idleWatched = true;
  }

  /** Arms the timer at the next keep-alive or idle deadline. */
  void schedule() {
    cancel();
    long now = clock.getAsLong();
    long due = Long.MAX_VALUE;
    if (idleNanos > 0 && idleWatched) due = Math.min(due, lastEventNanos + idleNanos);
    if (pingNanos > 0 && relaying) due = Math.min(due, lastWriteNanos + pingNanos);
    if (due == Long.MAX_VALUE) return;
    long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - now) + 1);
    timer = io.executeAfter(this, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** The timer fired: the upstream timed out, or the client gets a keep-alive, or neither is due yet. */
  @Override
  public void run() {
    timer = null;
    if (stream.ended()) return;
    long now = clock.getAsLong();
    if (idleNanos > 0 && idleWatched && now - lastEventNanos >= idleNanos) {
      // Spent: a failover's next attempt is watched from its answer on.
      idleWatched = false;
      if (stream.idleTimedOut()) {
        if (!stream.ended()) schedule();
        return;
      }
    }
    if (pingNanos > 0 && relaying && now - lastWriteNanos >= pingNanos) {
      // A keep-alive the client cannot take now (it has bytes waiting, which keep it busy anyway)
      // is skipped: the next is due an interval later.
      lastWriteNanos = now;
      if (stream.mayPing()) stream.ping();
    }
    if (!stream.ended()) schedule();
  }

  /** {@return whether the idle and keep-alive timer is armed} */
  boolean armed() {
    return timer != null;
  }

  /** Disarms the idle and keep-alive timer. */
  void cancel() {
    if (timer != null) {
      timer.remove();
      timer = null;
    }
  }

  /** Disarms every timer, the client watch's too. */
  void cancelAll() {
    cancel();
    if (watchTimer != null) {
      watchTimer.remove();
      watchTimer = null;
    }
  }
}
