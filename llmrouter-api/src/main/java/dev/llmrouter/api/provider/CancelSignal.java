package dev.llmrouter.api.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries a client's cancellation to whatever is working for it. Callbacks registered with
 * {@link #onCancel} run once, on the thread that calls {@link #cancel()}, or at once when the signal
 * was already cancelled. This class is thread-safe.
 */
public final class CancelSignal {
  private final List<Runnable> callbacks = new ArrayList<>(2);
  private boolean cancelled;

  /** Cancels; idempotent. */
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

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Registers a callback and returns a handle that unregisters it (call it when the work is done).
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
