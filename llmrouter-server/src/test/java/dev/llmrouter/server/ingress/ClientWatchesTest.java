package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ticker that arms client watches: on time, never a stopped one, and only while watches wait. */
class ClientWatchesTest {
  private static final Duration DELAY = Duration.ofMillis(20);
  private final ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1);
  private final ClientWatches watches = new ClientWatches(DELAY, ticker);

  @AfterEach
  void close() {
    watches.close();
  }

  /** A watch whose arming is counted. */
  private static final class Counted implements ClientWatches.Watch {
    final long created = System.nanoTime();
    final CountDownLatch armed = new CountDownLatch(1);
    final AtomicInteger arms = new AtomicInteger();
    volatile long armedAt;
    volatile boolean stopped;

    @Override public long createdNanos() { return created; }
    @Override public boolean isStopped() { return stopped; }

    @Override
    public void arm() {
      armedAt = System.nanoTime();
      arms.incrementAndGet();
      armed.countDown();
    }
  }

  @Test
  void aWatchIsArmedOnceItsDelayHasPassedAndOnlyOnce() throws Exception {
    Counted w = new Counted();
    watches.add(w);
    assertTrue(w.armed.await(5, TimeUnit.SECONDS), "never armed");
    assertTrue(w.armedAt - w.created >= DELAY.toNanos(), "armed before its delay");
    settle();
    assertEquals(0, ticker.getQueue().size(), "a tick is still scheduled with nothing waiting");
    assertEquals(1, w.arms.get());
  }

  @Test
  void aStoppedWatchIsDroppedWithoutArming() throws Exception {
    Counted stopped = new Counted();
    stopped.stopped = true;
    Counted running = new Counted();
    watches.add(stopped);
    watches.add(running);
    assertTrue(running.armed.await(5, TimeUnit.SECONDS), "the running request's watch was never armed");
    // ClientWatch.arm itself returns at once for a stopped watch; the ticker still drops it from the queue.
    assertTrue(stopped.arms.get() <= 1);
  }

  @Test
  void theTickerSleepsWhileNothingWaitsAndWakesForTheNextWatch() throws Exception {
    Counted first = new Counted();
    watches.add(first);
    assertTrue(first.armed.await(5, TimeUnit.SECONDS));
    settle();
    // Nothing scheduled: the ticker cannot run again until a watch is added (a ticker at a fixed
    // rate always has its next run in the queue).
    assertEquals(0, ticker.getQueue().size(), "a tick is still scheduled with nothing waiting");

    Counted second = new Counted();
    watches.add(second);
    assertTrue(second.armed.await(5, TimeUnit.SECONDS), "the ticker did not wake for a new watch");
  }

  @Test
  void watchesAddedFromManyThreadsAreAllArmedAndTheTickerStopsAfterEachRound() throws Exception {
    int threads = 8;
    int perThread = 50;
    for (int round = 0; round < 4; round++) {
      Counted[] all = new Counted[threads * perThread];
      CyclicBarrier start = new CyclicBarrier(threads);
      Thread[] adders = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        adders[t] = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
          }
          for (int i = 0; i < perThread; i++) {
            all[base + i] = new Counted();
            watches.add(all[base + i]);
          }
        });
        adders[t].start();
      }
      for (Thread a : adders) a.join();
      for (Counted w : all) assertTrue(w.armed.await(5, TimeUnit.SECONDS), "a watch of round " + round + " was never armed");
      settle();
      assertEquals(0, ticker.getQueue().size(), "a tick is still scheduled after round " + round);
    }
  }

  /** Waits until what the ticker's one thread is running now (a tick, say) has returned. */
  private void settle() throws Exception {
    ticker.submit(() -> { }).get(10, TimeUnit.SECONDS);
  }
}
