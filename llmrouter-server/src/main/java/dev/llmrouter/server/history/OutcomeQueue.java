package dev.llmrouter.server.history;

import dev.llmrouter.api.outcome.AttemptOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The hand-off from {@link SqliteHistoryStore#onOutcome} to the store's own writer thread, for a
 * store used alone as an outcome listener: a bounded queue that never blocks the caller, the
 * thread's loop that drains it in batches, and the count of the outcomes handled, which a flush
 * waits for. The thread itself is the store's.
 *
 * <p>This class is thread-safe: outcomes are offered from any thread, {@link #drain} runs on the
 * writer thread, and {@link #awaitHandled} and {@link #stop} on the store's callers.
 */
final class OutcomeQueue {
  /** The most outcomes taken from the queue at once. */
  static final int BATCH = 1000;
  private static final Object STOP = new Object();

  /** Outcomes given to {@link #offer}, for the thread that {@link #drain}s, then STOP. */
  private final ArrayBlockingQueue<Object> queue;
  /** Outcomes taken into the queue, and (guarded by itself) how many of them the writer thread handled. */
  private final AtomicLong queued = new AtomicLong();
  private final long[] handled = new long[1];

  /** @param capacity how many outcomes may wait; more are refused */
  OutcomeQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Queues an outcome; never blocks.
   *
   * @return false when the queue is full (nothing queued)
   */
  boolean offer(AttemptOutcome outcome) {
    if (!queue.offer(outcome)) return false;
    queued.incrementAndGet();
    return true;
  }

  /** {@return how many outcomes were queued so far} */
  long queued() {
    return queued.get();
  }

  /**
   * Waits until the writer thread has handled {@code target} outcomes.
   *
   * @param deadline when to give up, in {@link System#nanoTime()} units
   * @return true once handled, false when the deadline passed first
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean awaitHandled(long target, long deadline) throws InterruptedException {
    synchronized (handled) {
      while (handled[0] < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(handled, left);
      }
    }
    return true;
  }

  /**
   * The writer thread's loop: takes what is queued in batches of up to {@value #BATCH} and gives each
   * to {@code batches}, then counts it as handled. Returns once {@link #stop} asked it to (after the
   * outcomes queued before) or when the thread is interrupted while it waits.
   *
   * @param pollNanos how long to wait for an outcome, read before each wait
   * @param batches takes each batch; the list is cleared after the call
   * @param idle runs when no outcome came within the wait
   */
  void drain(LongSupplier pollNanos, Consumer<List<AttemptOutcome>> batches, Runnable idle) {
    List<Object> batch = new ArrayList<>(BATCH);
    List<AttemptOutcome> outcomes = new ArrayList<>(BATCH);
    while (true) {
      Object first;
      try {
        first = queue.poll(pollNanos.getAsLong(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        idle.run();
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, BATCH - 1);
      boolean stop = false;
      for (Object item : batch) {
        if (item == STOP) {
          stop = true;
        } else {
          outcomes.add((AttemptOutcome) item);
        }
      }
      batches.accept(outcomes);
      synchronized (handled) {
        handled[0] += outcomes.size();
        handled.notifyAll();
      }
      outcomes.clear();
      batch.clear();
      if (stop) return;
    }
  }

  /**
   * Stops the writer thread {@code t} that runs {@link #drain}: it ends after what is queued.
   * Waits up to 10 seconds to queue the stop and 10 more for the thread to end, then interrupts it.
   * An interrupt of the calling thread ends the waits and is kept.
   */
  void stop(Thread t) {
    try {
      queue.offer(STOP, 10, TimeUnit.SECONDS);
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) t.interrupt();
  }
}
