package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The settling thread: one platform thread, in order, drained by close, its caller's afterwards. */
class SettlerTest {
  @Test
  void endsRunInOrderOnOnePlatformThreadOfItsOwn() throws Exception {
    Settler settler = new Settler(256, "settle-test");
    List<Integer> order = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    List<Boolean> virtual = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      int n = i;
      settler.execute(() -> {
        synchronized (order) {
          order.add(n);
          threads.add(Thread.currentThread().getName());
          virtual.add(isVirtual(Thread.currentThread()));
        }
        done.countDown();
      });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    settler.close();
    for (int i = 0; i < 100; i++) assertEquals(i, order.get(i));
    assertEquals(List.of("settle-test"), threads.stream().distinct().toList());
    assertFalse(virtual.contains(true));
  }

  @Test
  void anEndRunsOnlyOnceTheGatheringIsOver() throws Exception {
    Settler settler = new Settler(256, "settle-test");
    long handedOver = System.nanoTime();
    long[] ran = new long[3];
    CountDownLatch done = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      int n = i;
      settler.execute(() -> {
        ran[n] = System.nanoTime();
        done.countDown();
      });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    settler.close();
    // None ran at the moment its request ended, which is when its client sends the next one.
    for (long t : ran) {
      assertTrue(t - handedOver >= TimeUnit.MICROSECONDS.toNanos(Settler.GATHER_MICROS),
          "an end ran " + (t - handedOver) / 1000 + " microseconds after it was handed over");
    }
  }

  @Test
  void anEndThatFailsKeepsNoneOfTheOthersFromRunning() throws Exception {
    Settler settler = new Settler(256, "settle-test");
    CountDownLatch after = new CountDownLatch(1);
    settler.execute(() -> {
      throw new IllegalStateException("a failing end");
    });
    settler.execute(after::countDown);
    assertTrue(after.await(10, TimeUnit.SECONDS), "the end queued behind a failing one did not run");
    settler.close();
    assertEquals(0, settler.pending());
  }

  @Test
  void closeRunsWhatIsQueuedAndLaterEndsRunOnTheirCaller() throws Exception {
    Settler settler = new Settler(256, "settle-test");
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> ran = new ArrayList<>();
    // The first end holds the thread while the others queue behind it.
    settler.execute(() -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 0; i < 10; i++) {
      int n = i;
      settler.execute(() -> {
        synchronized (ran) {
          ran.add(n);
        }
      });
    }
    assertEquals(11, settler.pending());
    Thread closer = new Thread(settler::close);
    closer.start();
    release.countDown();
    closer.join(10_000);
    assertFalse(closer.isAlive(), "close did not return");
    synchronized (ran) {
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran);
    }
    assertEquals(0, settler.pending());
    String[] where = new String[1];
    settler.execute(() -> where[0] = Thread.currentThread().getName());
    assertEquals(Thread.currentThread().getName(), where[0]);
  }

  /** Thread.isVirtual on Java 21 and newer; the tests also run on 17, where there are none. */
  private static boolean isVirtual(Thread t) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
