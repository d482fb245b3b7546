package dev.llmrouter.server.ingress;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Arms {@link ClientWatch}es of requests that have run longer than a short delay. Most answers
 * that take a while are LLM answers (seconds); the watch matters for those. A request answered
 * within the delay never has its connection watched, which saves two trips to the IO thread per
 * request. One thread ticks at the delay's pace and arms what has come of age, oldest first; a
 * client that hangs up is therefore noticed at most about two delays late.
 *
 * <p>Thread-safe. {@link #close()} stops the thread; watches still waiting are then never armed.
 * The thread is also lent to other periodic checks of the ingress ({@link #ticker()}).
 */
final class ClientWatches implements AutoCloseable {
  private final long delayNanos;
  private final ConcurrentLinkedQueue<ClientWatch> waiting = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService ticker;

  ClientWatches(Duration delay) {
    this.delayNanos = delay.toNanos();
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "llmrouter-client-watch");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    this.ticker = t;
    long period = Math.max(1, delay.toMillis());
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Arms {@code watch} once the delay has passed, unless it is stopped before. Null is ignored. */
  void add(ClientWatch watch) {
    if (watch != null) waiting.offer(watch);
  }

  private void tick() {
    long now = System.nanoTime();
    ClientWatch w;
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
