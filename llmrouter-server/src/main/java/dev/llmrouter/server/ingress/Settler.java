package dev.llmrouter.server.ingress;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the ends of the requests served on an IO thread (the attempt's settling and the request's
 * access line) on one platform thread of its own, in the order they ended, within a bound on how
 * many wait ({@link BoundedHandOff}: past it, and once closed, the IO thread runs them itself).
 *
 * <p>Why a platform thread, not the virtual-thread workers: the access line is a synchronous write
 * to the log file and to the console, and a virtual thread that blocks in a file write makes the
 * JDK wake a spare carrier thread to stand in for it. In the load benchmark (plain passthrough at
 * concurrency 1, the router on one core) the workers took 2.3 to 2.6 context switches and 0.030 to
 * 0.046 ms of CPU per request for these ends; on this thread, 1.0 and 0.015 to 0.022 (BENCHMARKS.md,
 * "Issue 18: the router started by its launcher"). One thread is enough: an end takes tens of
 * microseconds. It stops after a minute without work and starts again with the next end, so an
 * idle server, or one an application forgot to close, keeps no thread for it.
 *
 * <p>Thread-safe. {@link #close()} runs what is queued before it returns (for at most a few
 * seconds), so that the outcomes of the last requests reach the metrics and the log.
 */
final class Settler implements AutoCloseable {
  private static final long CLOSE_WAIT_SECONDS = 5;
  /** How long the thread waits for work before it stops. */
  private static final long IDLE_SECONDS = 60;

  private final BoundedHandOff bound;
  private final ExecutorService thread;

  /**
   * @param limit the most ends handed to the thread and not yet run
   * @param name the thread's name
   */
  Settler(int limit, String name) {
    this.bound = new BoundedHandOff(limit);
    ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name);
      // An application that embeds the server and never closes it can still exit.
      t.setDaemon(true);
      return t;
    });
    one.allowCoreThreadTimeOut(true);
    this.thread = one;
  }

  /** Runs the task on the thread, or here when the bound is reached or the settler is closed. */
  void execute(Runnable task) {
    bound.execute(thread, task);
  }

  /** {@return how many ends were handed to the thread and have not run yet} */
  int pending() {
    return bound.pending();
  }

  /** Runs what is queued, then stops the thread; a task handed over afterwards runs on its caller. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
