package dev.llmrouter.server.ingress;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands tasks to an executor with a bound on how many wait or run there: beyond it, or when the
 * executor refuses (once it is shut down), the caller runs the task itself. An IO thread that hands
 * off the end of each request's bookkeeping (to the {@link Settler}'s thread, whose queue refuses
 * nothing) must not outrun it without limit: when the core is saturated (thousands of requests a
 * second on one core) that thread falls behind, and every request waiting to be settled keeps its
 * exchange and its answer. Past the bound, the IO thread settles its own requests, and so takes in
 * new ones no faster than they are settled. Thread-safe.
 */
final class BoundedHandOff {
  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();

  /** @param limit the most tasks handed off and not yet finished */
  BoundedHandOff(int limit) {
    this.limit = limit;
  }

  /**
   * Runs the task on the executor, or here when the bound is reached or the executor refuses.
   *
   * @param workers where the task runs when handed off
   * @param task the task
   */
  void execute(Executor workers, Runnable task) {
    if (pending.incrementAndGet() > limit) {
      pending.decrementAndGet();
      task.run();
      return;
    }
    try {
      workers.execute(() -> {
        try {
          task.run();
        } finally {
          pending.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      task.run();
    }
  }

  /** {@return how many tasks were handed off and have not finished} */
  int pending() {
    return pending.get();
  }
}
