package dev.llmrouter.providers.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * Runs the upkeep of OkHttp connection pools (closing connections idle past their keep-alive, or
 * beyond the idle limit) on one daemon thread of its own, {@value #THREAD_NAME}, which looks at its
 * pools when their next eviction is due and otherwise at most every {@link #granularity()}, instead
 * of being woken each time a connection goes back to a pool.
 *
 * <p>Why: a pool made with {@link ConnectionPool}'s public constructor keeps its cleanup task on
 * OkHttp's process-wide task runner and schedules it to run <em>now</em> whenever a connection
 * becomes idle, that is after every request. That notifies the runner's coordinator thread, which
 * wakes, renames itself, runs the cleanup (it finds nothing to evict and reschedules itself for the
 * next keep-alive expiry) and sleeps again: on the passthrough path that was measured at 1.5 context
 * switches and about a tenth of the router's CPU per request, and its wake-ups preempted the worker
 * thread on the same core. Here that notification does nothing. The coordinator instead never waits
 * longer than the granularity, which is capped by the shortest keep-alive of the pools made here, so
 * a cleanup scheduled "now" runs at most one granularity later. Since a pool only ever schedules its
 * cleanup earlier than an eviction is due, and each run computes the exact time of the next one, an
 * idle connection is still closed when its keep-alive ends; only the eviction of connections beyond
 * the idle limit may come up to one granularity late. Under load the thread wakes about once per
 * granularity, whatever the request rate.
 *
 * <p>The thread starts with the first pooled connection and ends a minute after its pools hold
 * none; nothing needs closing. All pools made by one cleaner share its thread. Thread-safe.
 *
 * <p><b>Relies on OkHttp internals</b> (checked against OkHttp 5.5.1; check again on every upgrade,
 * in {@code okhttp3/internal/concurrent/TaskRunner.kt}, {@code TaskQueue.kt},
 * {@code internal/connection/RealConnectionPool.kt} and {@code ConnectionPool.kt}):
 * <ul>
 *   <li>the constructor {@code ConnectionPool(int, long, TimeUnit, TaskRunner, ConnectionListener)}
 *       and {@code ConnectionListener.NONE} (Kotlin-internal, public in the bytecode) and
 *       {@code TaskRunner(Backend, Logger)};</li>
 *   <li>the {@link TaskRunner.Backend} contract: {@code coordinatorWait} is called with the runner's
 *       monitor held and may return early, since the runner re-checks its queues in a loop;
 *       {@code coordinatorNotify} only serves to cut a wait short; {@code execute} hands over a
 *       runnable that coordinates and runs tasks and returns once no queue holds a task, and the
 *       runner asks for another only after the previous one has started;</li>
 *   <li>a pool runs nothing on its task runner but its cleanup task; the HTTP/2 reader and writer,
 *       fast fallback and DNS use the client's task runner, not the pool's. A new task there that
 *       must run promptly (such as the connection openers of a pool's address policies) would be
 *       delayed by up to the granularity.</li>
 * </ul>
 * While it runs a task, OkHttp renames the thread after the task ("OkHttp ConnectionPool connection
 * closer") and restores the name when it has nothing left to do.
 */
public final class PoolCleaner {
  /** The name of the cleaner's thread while it waits for work. */
  public static final String THREAD_NAME = "llmrouter-pool-cleaner";

  /** How often, at most, the cleaner's thread looks at its pools when it is not told to. */
  public static final Duration DEFAULT_GRANULARITY = Duration.ofSeconds(1);

  private final AtomicLong granularityNanos;
  private final LongAdder wakeUps = new LongAdder();
  private final LongAdder skippedNotifications = new LongAdder();
  private final ThreadPoolExecutor executor;
  private final TaskRunner runner;

  /** Creates a cleaner with the {@link #DEFAULT_GRANULARITY default granularity}. */
  public PoolCleaner() {
    this(DEFAULT_GRANULARITY);
  }

  /**
   * Creates a cleaner.
   *
   * @param granularity how long, at most, its thread waits before it looks at its pools again;
   *     lowered to the shortest keep-alive of the pools it makes
   * @throws IllegalArgumentException when {@code granularity} is not positive
   */
  public PoolCleaner(Duration granularity) {
    if (granularity.isNegative() || granularity.isZero()) {
      throw new IllegalArgumentException("granularity must be positive: " + granularity);
    }
    this.granularityNanos = new AtomicLong(granularity.toNanos());
    this.executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    this.runner = new TaskRunner(new Backend(), Logger.getLogger(TaskRunner.class.getName()));
  }

  /**
   * Returns a new connection pool whose upkeep runs on this cleaner's thread.
   *
   * @param maxIdleConnections how many idle connections the pool keeps at most; 0 for none
   * @param keepAlive how long an idle connection is kept; positive
   * @return the new pool
   * @throws IllegalArgumentException when {@code maxIdleConnections} is negative or
   *     {@code keepAlive} not positive
   */
  public ConnectionPool newPool(int maxIdleConnections, Duration keepAlive) {
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (maxIdleConnections < 0) {
      throw new IllegalArgumentException("maxIdleConnections < 0: " + maxIdleConnections);
    }
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keepAlive must be positive: " + keepAlive);
    }
    long nanos = keepAlive.toNanos();
    granularityNanos.accumulateAndGet(nanos, Math::min);
    return new ConnectionPool(maxIdleConnections, nanos, TimeUnit.NANOSECONDS, runner,
        ConnectionListener.Companion.getNONE());
  }

  /** {@return how long, at most, the thread waits before it looks at its pools again} */
  public Duration granularity() {
    return Duration.ofNanos(granularityNanos.get());
  }

  /** {@return how many times the thread woke up to look at its pools since this cleaner was made} */
  public long wakeUps() {
    return wakeUps.sum();
  }

  /**
   * {@return how many times a pool asked to wake the thread and was not obeyed (with OkHttp's own
   * task runner each would have been a wake-up)}
   */
  public long skippedNotifications() {
    return skippedNotifications.sum();
  }

  private final class Backend implements TaskRunner.Backend {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void coordinatorNotify(TaskRunner taskRunner) {
      skippedNotifications.increment();
    }

    @Override
    public void coordinatorWait(TaskRunner taskRunner, long nanos) {
      long wait = Math.min(nanos, granularityNanos.get());
      if (wait <= 0) return;
      try {
        // The runner's monitor is held here; waiting on it lets pools schedule meanwhile.
        taskRunner.wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
      } catch (InterruptedException e) {
        // The runner cancels its tasks on an interrupt, as with OkHttp's own backend, which
        // declares the exception; this interface does not.
        throw PoolCleaner.<RuntimeException>sneaky(e);
      } finally {
        wakeUps.increment();
      }
    }

    @Override
    public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
      return queue;
    }

    @Override
    public void execute(TaskRunner taskRunner, Runnable runnable) {
      executor.execute(runnable);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
