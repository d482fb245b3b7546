package dev.llmrouter.server.ingress;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Arms {@link ClientWatch}es of requests that have run longer than a short delay. Most answers
 * that take a while are LLM answers (seconds); the watch matters for those. A request answered
 * within the delay never has its connection watched, which saves two trips to the IO thread per
 * request. One thread ticks at the delay's pace while watches wait, and arms what has come of age,
 * oldest first; a client that hangs up is therefore noticed at most about two delays late. With
 * nothing waiting it does not tick: an idle server's ticker thread sleeps (it woke 50 to 60 times a
 * second before).
 *
 * <p>Thread-safe. {@link #close()} stops the thread; watches still waiting are then never armed.
 * The thread is also lent to other periodic checks of the ingress ({@link #ticker()}).
 */
final class ClientWatches implements AutoCloseable {
  /** What the ticker needs of a watch; {@link ClientWatch} in the server. */
  interface Watch {
    /** {@return when the watch was created, in {@link System#nanoTime()} units} */
    long createdNanos();

    /** {@return true once the request ended without needing the watch} */
    boolean isStopped();

    /** Starts watching; called once, from the ticker's thread. */
    void arm();
  }

  private final long delayNanos;
  private final long periodMillis;
  private final ConcurrentLinkedQueue<Watch> waiting = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService ticker;
  /** Set while a tick is scheduled or running; cleared by the tick that finds nothing waiting. */
  private final AtomicBoolean ticking = new AtomicBoolean();

  ClientWatches(Duration delay) {
    this(delay, newTicker());
  }

  /** With a ticker of one's own (tests); {@link #close()} shuts it down. */
  ClientWatches(Duration delay, ScheduledExecutorService ticker) {
    this.delayNanos = delay.toNanos();
    this.periodMillis = Math.max(1, delay.toMillis());
    this.ticker = ticker;
  }

  private static ScheduledExecutorService newTicker() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "llmrouter-client-watch");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Arms {@code watch} once the delay has passed, unless it is stopped before. Null is ignored. */
  void add(Watch watch) {
    if (watch == null) return;
    waiting.offer(watch);
    // Read before the swap: under load the flag stays set, and a read does not take the cache line.
    if (!ticking.get() && ticking.compareAndSet(false, true)) schedule();
  }

  private void schedule() {
    try {
      ticker.schedule(this::tick, periodMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: nothing is armed any more.
    }
  }

  private void tick() {
    armDue(System.nanoTime());
    if (!waiting.isEmpty()) {
      schedule();
      return;
    }
    ticking.set(false);
    // A watch added between the check above and the reset saw the flag still set: tick for it.
    if (!waiting.isEmpty() && ticking.compareAndSet(false, true)) schedule();
  }

  private void armDue(long now) {
    Watch w;
    while ((w = waiting.peek()) != null) {
      if (!w.isStopped() && now - w.createdNanos() < delayNanos) return;
      waiting.poll();
      try {
        w.arm();
      } catch (RuntimeException e) {
        // The connection's IO thread is gone (server stopping): nothing left to watch.
      }
    }
  }

  /** The ticking thread, for other cheap periodic checks; they stop with {@link #close()}. */
  ScheduledExecutorService ticker() {
    return ticker;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    waiting.clear();
  }
}
