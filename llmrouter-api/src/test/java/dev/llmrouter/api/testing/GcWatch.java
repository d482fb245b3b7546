package dev.llmrouter.api.testing;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Watches one object for the garbage collector, for tests that show that nothing keeps it: create
 * the watch where the object is made, drop every other reference, then {@link #awaitCollected()}.
 */
public final class GcWatch {
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
  private final WeakReference<Object> ref;

  public GcWatch(Object watched) {
    this.ref = new WeakReference<>(watched, queue);
  }

  /**
   * Asks for collections until the object is collected: after each, waits for the collector to
   * enqueue the reference (at once when it was collected), at most 20 times.
   *
   * @return true when the object was collected
   */
  public boolean awaitCollected() throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      System.gc();
      if (queue.remove(100) == ref) return true;
    }
    return ref.get() == null;
  }
}
