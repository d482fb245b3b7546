package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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
    waitForTicks(5);
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
    waitForTicks(3);
    assertEquals(0, ticker.getQueue().size(), "a tick is still scheduled with nothing waiting");
    long ticksWhenIdle = ticker.getCompletedTaskCount();
    Thread.sleep(DELAY.toMillis() * 10);
    // Ten delays idle: a ticker at a fixed rate would have run ten times. At most the probe of
    // waitForTicks is counted late (the pool counts a task after its future is done).
    long ran = ticker.getCompletedTaskCount() - ticksWhenIdle;
    assertTrue(ran <= 1, "the ticker kept ticking with nothing waiting: " + ran + " runs");

    Counted second = new Counted();
    watches.add(second);
    assertTrue(second.armed.await(5, TimeUnit.SECONDS), "the ticker did not wake for a new watch");
  }

  @Test
  void watchesAddedFromManyThreadsWhileTheTickerStopsAreAllArmed() throws Exception {
    int threads = 8;
    int perThread = 200;
    Counted[] all = new Counted[threads * perThread];
    Thread[] adders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      adders[t] = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          Counted w = new Counted();
          all[base + i] = w;
          watches.add(w);
          // Gaps of about a delay now and then, so that the ticker stops and restarts meanwhile.
          if (i % 50 == 49) sleepQuietly(DELAY.toMillis() * 2);
        }
      });
      adders[t].start();
    }
    for (Thread a : adders) a.join();
    for (Counted w : all) assertTrue(w.armed.await(5, TimeUnit.SECONDS), "a watch was never armed");
    waitForTicks(3);
    assertFalse(ticker.getQueue().size() > 0, "a tick is still scheduled with nothing waiting");
  }

  /** Runs a no-op on the ticker {@code n} delays from now and waits for it. */
  private void waitForTicks(int n) throws Exception {
    ticker.schedule(() -> { }, DELAY.toMillis() * n, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
