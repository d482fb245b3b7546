package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.OutcomeListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's {@link OutcomeListener} for metrics: {@link #onOutcome} only puts the outcome in a
 * bounded lock-free queue (a few compare-and-swaps: it never blocks, never waits for a lock, never
 * throws; when the queue is full the outcome is dropped and counted), and one background thread adds
 * it to the {@link MetricsStore}, hands it to the per-outcome listeners ({@link Builder#forwardTo},
 * e.g. Micrometer) and then hands the whole batch to the batch listeners
 * ({@link Builder#forwardBatchesTo}, e.g. the server's SQLite history, which writes it on this thread
 * in one transaction). This queue and this thread are the only ones between an outcome and the disk:
 * a slow listener never slows a request, it only delays this thread (see {@link OutcomeBatchListener}).
 * The thread also drops series idle for 48 hours, once an hour.
 *
 * <p>The thread does not wake up for each outcome: after a batch it looks at the queue every 5 ms
 * for 100 ms, then sleeps until an outcome wakes it (or a second passes).
 *
 * <p>This class is thread-safe. {@link #close()} records what is queued (the batch listeners get it
 * too), then stops the thread.
 */
public final class MetricsRecorder implements OutcomeListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsRecorder.class);
  private static final AttemptOutcome STOP = new AttemptOutcome(ApiKind.MESSAGES, null, null, null, null, null, null,
      0, AttemptOutcome.Result.CANCELLED, -1, 0, Usage.NONE, false, Instant.EPOCH, null);
  private static final Duration IDLE_EVICTION = Duration.ofHours(48);
  /**
   * After a batch, the thread looks at the queue again every {@code LINGER_NANOS} for
   * {@code LINGER_ROUNDS} rounds before it sleeps until woken: under steady traffic requests never
   * have to wake it (a wake-up per request cost more than recording the outcome), and an outcome
   * waits at most this long to be recorded. Each round that finds outcomes also writes them to the
   * history in one SQLite transaction, which touches the file system: at 5 ms (200 rounds a second
   * under traffic) those wake-ups and transactions, on the core that serves the requests, took more
   * context switches than the requests themselves at concurrency 1; 50 ms keeps metrics current to
   * the tenth of a second at a tenth of the cost.
   */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int LINGER_ROUNDS = 2;

  private final MetricsStore store;
  private final List<OutcomeListener> downstream;
  private final List<OutcomeBatchListener> batchListeners;
  /** The outcomes of the batch being processed; only the thread uses it. */
  private final List<AttemptOutcome> batch = new ArrayList<>(256);
  private final ConcurrentLinkedQueue<AttemptOutcome> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private volatile boolean waiting;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object progress = new Object();
  private long processed; // guarded by progress
  private long reportedDrops;
  private long nextSweepMs;
  private final Thread thread;
  private volatile boolean closed;

  private MetricsRecorder(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.downstream = List.copyOf(b.downstream);
    this.batchListeners = List.copyOf(b.batchListeners);
    this.capacity = b.capacity;
    this.nextSweepMs = store.clock().millis() + 3_600_000L;
    this.thread = new Thread(this::run, "llmrouter-metrics");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A builder of a recorder that feeds {@code store}.
   *
   * @param store the store to feed
   * @return a new builder
   */
  public static Builder builder(MetricsStore store) {
    return new Builder(store);
  }

  /**
   * The store this recorder feeds.
   *
   * @return the store
   */
  public MetricsStore store() {
    return store;
  }

  /** Queues the outcome; never blocks. Called on the request's thread. */
  @Override
  public void onOutcome(AttemptOutcome outcome) {
    if (outcome == null) return;
    if (closed) {
      dropped.incrementAndGet();
      return;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.offer(outcome);
    accepted.incrementAndGet();
    if (waiting) LockSupport.unpark(thread);
  }

  /**
   * Outcomes taken into the queue so far.
   *
   * @return the count
   */
  public long accepted() {
    return accepted.get();
  }

  /**
   * Outcomes dropped because the queue was full or the recorder closed.
   *
   * @return the count
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Outcomes recorded into the store and handed downstream so far.
   *
   * @return the count
   */
  public long recorded() {
    synchronized (progress) {
      return processed;
    }
  }

  /**
   * Waits until at least {@code count} outcomes have been recorded.
   *
   * @param count the number of outcomes to wait for
   * @param timeout the longest wait
   * @return false when the time ran out first
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitRecorded(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    LockSupport.unpark(thread);
    synchronized (progress) {
      while (processed < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  /**
   * Waits until everything accepted so far has been recorded.
   *
   * @param timeout the longest wait
   * @return false when the time ran out first
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return awaitRecorded(accepted.get(), timeout);
  }

  private void run() {
    boolean stop = false;
    int idleRounds = 0;
    while (true) {
      AttemptOutcome o = queue.poll();
      if (o == null) {
        if (stop || Thread.currentThread().isInterrupted()) return;
        housekeeping();
        if (idleRounds < LINGER_ROUNDS) {
          idleRounds++;
          LockSupport.parkNanos(this, LINGER_NANOS);
          continue;
        }
        waiting = true;
        if (queue.isEmpty()) LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        waiting = false;
        continue;
      }
      idleRounds = 0;
      int done = 0;
      for (int n = 0; o != null; n++) {
        if (o == STOP) {
          stop = true;
        } else {
          size.decrementAndGet();
          process(o);
          if (!batchListeners.isEmpty()) batch.add(o);
          done++;
        }
        if (n == 255) break;
        o = queue.poll();
      }
      handOver();
      synchronized (progress) {
        processed += done;
        progress.notifyAll();
      }
      housekeeping();
      if (stop && queue.isEmpty()) return;
    }
  }

  private void process(AttemptOutcome o) {
    try {
      store.record(o);
    } catch (RuntimeException e) {
      log.warn("[Metrics-Record] outcome of channel {} not recorded: {}", o.channelId(), e.toString());
    }
    for (OutcomeListener l : downstream) {
      try {
        l.onOutcome(o);
      } catch (RuntimeException e) {
        log.warn("[Metrics-Forward] {} failed: {}", l.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Hands the batch to the batch listeners. */
  private void handOver() {
    if (batch.isEmpty()) return;
    for (OutcomeBatchListener l : batchListeners) {
      try {
        l.onBatch(batch);
      } catch (RuntimeException e) {
        log.warn("[Metrics-Forward] {} failed on {} outcomes: {}", l.getClass().getSimpleName(), batch.size(),
            e.toString());
      }
    }
    batch.clear();
  }

  private void housekeeping() {
    for (OutcomeBatchListener l : batchListeners) {
      try {
        l.tick();
      } catch (RuntimeException e) {
        log.warn("[Metrics-Forward] {} failed: {}", l.getClass().getSimpleName(), e.toString());
      }
    }
    long drops = dropped.get();
    if (drops != reportedDrops) {
      log.warn("[Metrics-Dropped] {} outcomes dropped: the metrics queue was full", drops - reportedDrops);
      reportedDrops = drops;
    }
    long now = store.clock().millis();
    if (now >= nextSweepMs) {
      nextSweepMs = now + 3_600_000L;
      int n = store.evictIdle(IDLE_EVICTION);
      if (n > 0) log.info("[Metrics-Cleanup] dropped {} series idle for {}h", n, IDLE_EVICTION.toHours());
    }
  }

  /** Records what is queued, then stops the thread (waiting up to 5 seconds). Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    queue.offer(STOP);
    LockSupport.unpark(thread);
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) thread.interrupt();
  }

  /** Builds a {@link MetricsRecorder}. Not thread-safe. */
  public static final class Builder {
    private final MetricsStore store;
    private final List<OutcomeListener> downstream = new ArrayList<>();
    private final List<OutcomeBatchListener> batchListeners = new ArrayList<>();
    private int capacity = 65_536;

    private Builder(MetricsStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The queue's capacity: outcomes beyond it are dropped (and counted). Default 65536.
     *
     * @param capacity at least 1
     * @return this builder
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
      this.capacity = capacity;
      return this;
    }

    /**
     * Adds a listener that gets every outcome on the recorder's thread, after the store.
     *
     * @param listener fast, must not throw
     * @return this builder
     */
    public Builder forwardTo(OutcomeListener listener) {
      downstream.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener that gets each batch of outcomes on the recorder's thread, after the store and
     * the per-outcome listeners, and a {@link OutcomeBatchListener#tick()} at least once a second.
     *
     * @param listener may be slow (it delays only the recorder's thread), must not throw
     * @return this builder
     */
    public Builder forwardBatchesTo(OutcomeBatchListener listener) {
      batchListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the recorder and starts its thread.
     *
     * @return the running recorder, which the caller must close
     */
    public MetricsRecorder build() {
      return new MetricsRecorder(this);
    }
  }
}
