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
  private final ExecutorService closer;
  private final boolean virtual;
  private final String description;

  private Workers(ExecutorService executor, ExecutorService closer, boolean virtual, String description) {
    this.executor = executor;
    this.closer = closer;
    this.virtual = virtual;
    this.description = description;
  }

  /** Virtual threads when available, else a pool of {@code poolSize} threads and a queue of {@code queue}. */
  public static Workers create(int poolSize, int queue) {
    ExecutorService vt = virtualThreadExecutor();
    if (vt != null) return new Workers(vt, vt, true, "virtual threads");
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
    return new Workers(pool, closerThread(), false, "platform thread pool of " + poolSize + " (queue " + queue + ")");
  }

  /**
   * One platform thread for the closes, made when there is something to close and let go of after
   * 30 s idle. Its queue is bounded by the connections there are: each is closed once.
   */
  private static ExecutorService closerThread() {
    ThreadPoolExecutor closer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "llmrouter-closer");
      t.setDaemon(true);
      return t;
    });
    closer.allowCoreThreadTimeOut(true);
    return closer;
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

  /**
   * {@return where connections are closed off the IO threads} (clients that hung up between requests,
   * upstream connections the pool lets go of), without taking a request's place: with virtual threads
   * the requests' own executor, which bounds nothing; with the platform pool a thread of its own, so
   * that thousands of clients going away at once cannot fill the pool and have requests refused.
   */
  public ExecutorService closer() {
    return closer;
  }

  /** Stops taking tasks: the requests' executor and the closer. */
  public void shutdown() {
    executor.shutdown();
    closer.shutdown();
  }

  /** True when requests run on virtual threads. */
  public boolean isVirtual() {
    return virtual;
  }

  public String description() {
    return description;
  }
}
