package dev.llmrouter.server.ingress;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The thread is not woken for each end: the first end handed over has it run, {@value
 * #GATHER_MICROS} microseconds later, every end queued by then. An end is handed over when its
 * response ended, which is when the client sends its next request; run at once, on the core the IO
 * thread serves that request on, it would share the core with it. In the load benchmark (plain
 * passthrough at concurrency 1) this took the thread's context switches from 1.0 to 0.16 per
 * request (BENCHMARKS.md, "Issue 18: the ends of requests gathered").
 *
 * <p>Thread-safe. {@link #close()} runs what is queued before it returns (for at most a few
 * seconds), so that the outcomes of the last requests reach the metrics and the log.
 */
final class Settler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Settler.class);
  private static final long CLOSE_WAIT_SECONDS = 5;
  /** How long the thread waits for work before it stops. */
  private static final long IDLE_SECONDS = 60;
  /**
   * How long the thread lets ends gather before it runs them: the ends of the requests of these
   * milliseconds are run in one go, and not at the moment the request ended, which is when its
   * client sends the next one, so that the IO thread serving it does not share its core with them.
   */
  static final long GATHER_MICROS = 2_000;

  private final BoundedHandOff bound;
  private final ThreadPoolExecutor thread;
  private final ConcurrentLinkedQueue<Runnable> ends = new ConcurrentLinkedQueue<>();
  /** Whether a run of the gathered ends is on its way (the thread will look at the queue again). */
  private final AtomicBoolean due = new AtomicBoolean();
  private final Runnable runGathered = this::runGathered;
  private final Executor gathering = this::gather;

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
    bound.execute(gathering, task);
  }

  /** Queues an end; the first of a gathering has the thread run them all a little later. */
  private void gather(Runnable task) {
    if (thread.isShutdown()) throw new RejectedExecutionException("closed");
    ends.add(task);
    if (due.get() || !due.compareAndSet(false, true)) return;
    try {
      thread.execute(runGathered);
    } catch (RejectedExecutionException closed) {
      // Closed meanwhile: what was queued runs here.
      due.set(false);
      runQueued();
    }
  }

  private void runGathered() {
    long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(GATHER_MICROS);
    long left;
    while (!thread.isShutdown() && (left = until - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    // Reset first: an end queued from now on has another run made, which may find it gone.
    due.set(false);
    runQueued();
  }

  /** Runs the queued ends in order; one that fails keeps none of the others from running. */
  private void runQueued() {
    Runnable task;
    while ((task = ends.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("[Server-Settle] the end of a request failed: {}", e.toString());
      }
    }
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
      if (thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) runQueued();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
