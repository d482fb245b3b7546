package dev.llmrouter.api.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries a client's cancellation to whatever is working for it. Callbacks registered with
 * {@link #onCancel} run once, on the thread that calls {@link #cancel()}, or at once on the
 * registering thread when the signal was already cancelled. No lock is held while callbacks run.
 * This class is thread-safe.
 */
public final class CancelSignal {
  private final List<Runnable> callbacks = new ArrayList<>(2);
  private boolean cancelled;

  /**
   * Cancels and runs the registered callbacks; idempotent, so only the first call runs them. A
   * callback that throws stops the callbacks after it and the exception reaches the caller.
   */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) return;
      cancelled = true;
      toRun = new ArrayList<>(callbacks);
      callbacks.clear();
    }
    for (Runnable r : toRun) r.run();
  }

  /** {@return true once {@link #cancel()} was called} */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Registers a callback, or runs it at once when the signal was already cancelled.
   *
   * @param callback runs at most once; must be fast and must not block
   * @return a handle that unregisters the callback; call it when the work is done so that the
   *     signal does not keep the callback alive
   */
  public Runnable onCancel(Runnable callback) {
    boolean runNow;
    synchronized (this) {
      runNow = cancelled;
      if (!runNow) callbacks.add(callback);
    }
    if (runNow) callback.run();
    return () -> {
      synchronized (this) {
        callbacks.remove(callback);
      }
    };
  }
}
