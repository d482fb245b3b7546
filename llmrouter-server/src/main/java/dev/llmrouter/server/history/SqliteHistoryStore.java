package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics history in a SQLite file: every attempt's outcome as one row, written once a second
 * in one transaction (reads and {@link #flush} write what waits first, and so does {@link #close()});
 * rows older than the retention are deleted at start-up and every hour.
 * {@link #restoreInto} rebuilds the in-memory metrics from the file.
 *
 * <p>Two ways to feed it. The server's: a {@link dev.llmrouter.scheduler.metrics.MetricsRecorder}
 * hands it each batch it drained ({@link #onBatch}, {@link #tick}); the batch is copied in on the
 * recorder's thread and written by the store's writer thread, so the recorder goes on draining its
 * queue while a second's rows are written (an outcome waiting in that queue lives on, and under
 * thousands of requests a second the collector moved those to the old generation); the store is
 * not {@link #start()}ed. Used alone, as an {@link dev.llmrouter.api.outcome.OutcomeListener} that
 * must not block: {@link #start()} gives it a bounded queue and a thread of its own, which makes the
 * same batches. The connection is guarded by a lock: reads for the routes ({@link #latency},
 * {@link #recentAttempts}, ...) and deletions run on the caller's thread, between writes.
 *
 * <p>A file that cannot be opened, a full disk, a database locked by someone else or a deleted
 * file turn writing off with one warning: metrics then live in memory only, and no request ever
 * fails because of it. Outcomes that could not be written wait in memory (as many as the queue
 * holds; beyond that the oldest are dropped and counted), and the file is tried again every
 * {@code retryEvery}; once it can be written (a deleted file is made anew), they are written and
 * writing resumes, with one line in the log.
 *
 * <p>Lifecycle: {@link #open}, then optionally {@link #restoreInto}, then batches (or {@link #start()}
 * and outcomes), and {@link #close()} at the end (it writes what is queued). This class is thread-safe.
 *
 * <p>Its parts: the statements on the file ({@code HistoryFile}), the connection and its recovery
 * ({@code HistoryConnection}) and the queue of its own writer thread ({@code OutcomeQueue}).
 */
public final class SqliteHistoryStore implements HistoryStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteHistoryStore.class);
  /**
   * Outcomes are written once a second, in one transaction (or sooner, once this many wait). A
   * transaction per batch of the recorder (every 50 ms under traffic) cost a commit each time, two
   * to three milliseconds of page writes; a core shared with the request threads was held that long,
   * twenty times a second, which was the tail latency of a router at concurrency 1.
   */
  private static final int WRITE_AT_ROWS = 8192;
  private static final long WRITE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long CLEANUP_EVERY_MS = 3_600_000L;
  /** How often an unusable file is tried again, unless told otherwise. */
  public static final Duration RETRY_EVERY = Duration.ofSeconds(30);

  private final Path file;
  private final Clock clock;
  private final Duration retention;
  /** Outcomes given to {@link #onOutcome}, for the thread {@link #start()} starts. */
  private final OutcomeQueue outcomes;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  /** False for a store that never persists ({@link #disabled}). */
  private final boolean enabled;
  /** Guards the connection and everything below that is not volatile. */
  private final ReentrantLock lock = new ReentrantLock();
  /** The file's connection, and the outcomes kept in memory while the file cannot be written. */
  private final HistoryConnection db;
  /**
   * Outcomes taken and not yet written: written together once a second, and kept meanwhile as
   * values ({@link PendingRows}) that batches go on filling during a write.
   */
  private final WaitingRows waiting;
  private volatile boolean closed;
  /** Set once {@link #close()} has closed the file: later batches are dropped and counted. */
  private volatile boolean released;
  private Thread thread; // guarded by this
  /** The thread that writes the taken outcomes and does the upkeep, from the first batch or tick on. */
  private Thread writer; // guarded by this
  private long nextCleanupMs;

  private SqliteHistoryStore(Path file, Clock clock, Duration retention, int capacity, Connection connection,
      boolean enabled, Duration retryEvery) {
    this.file = file;
    this.clock = clock;
    this.retention = retention;
    this.outcomes = new OutcomeQueue(capacity);
    this.waiting = new WaitingRows(capacity, WRITE_AT_ROWS, WRITE_EVERY_NANOS);
    this.db = new HistoryConnection(file, connection, capacity, retryEvery, written, dropped);
    this.enabled = enabled;
    this.nextCleanupMs = clock.millis() + CLEANUP_EVERY_MS;
  }

  /**
   * Opens (creating when missing) the history file and deletes rows older than the retention. Never
   * throws: when the file cannot be used, the store logs one warning and persists nothing.
   *
   * @param retention how long rows are kept
   * @param capacity how many outcomes may wait for the writer; more are dropped (and counted)
   */
  public static SqliteHistoryStore open(Path file, Clock clock, Duration retention, int capacity) {
    return open(file, clock, retention, capacity, RETRY_EVERY);
  }

  /**
   * As {@link #open(Path, Clock, Duration, int)}, trying an unusable file again every {@code retryEvery}.
   */
  public static SqliteHistoryStore open(Path file, Clock clock, Duration retention, int capacity,
      Duration retryEvery) {
    Connection c = null;
    try {
      c = HistoryFile.connect(file);
      SqliteHistoryStore store = new SqliteHistoryStore(file, clock, retention, capacity, c, true, retryEvery);
      int deleted = store.deleteOlderThanRetention(c);
      log.info("[SQLite-Init] metrics history in {} (retention {} days; {} old rows deleted)", file,
          retention.toDays(), deleted);
      return store;
    } catch (SQLException | IOException | RuntimeException e) {
      log.warn("[SQLite-Init] metrics history file {} cannot be used ({}); metrics stay in memory only and the"
          + " file is tried again every {} s", file, e.getMessage(), retryEvery.toSeconds());
      HistoryFile.closeQuietly(c);
      return new SqliteHistoryStore(file, clock, retention, capacity, null, true, retryEvery);
    }
  }

  /** A store that persists nothing. */
  public static SqliteHistoryStore disabled(Clock clock) {
    return new SqliteHistoryStore(Path.of(""), clock, Duration.ZERO, 1, null, false, RETRY_EVERY);
  }

  public Path file() {
    return file;
  }

  /** True while rows are written; false when disabled, or while the file cannot be written. */
  @Override
  public boolean persisting() {
    return db.persisting();
  }

  /** Rows written so far. */
  public long written() {
    return written.get();
  }

  /** Outcomes not written: queue full, persistence off, or more kept in memory than the queue holds. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Rebuilds in-memory metrics: rows of the last 25 hours are replayed one by one (history, windows,
   * activity, latency), older rows are added as counters. Call before {@link #start()}.
   *
   * @return the number of rows read, or -1 when reading failed (the store then persists nothing)
   */
  @Override
  public synchronized int restoreInto(MetricsStore store) {
    if (thread != null) throw new IllegalStateException("restoreInto must run before start()");
    lock.lock();
    try {
      Connection c = db.connection();
      if (c == null) return 0;
      int n = HistoryRows.restore(c, store, clock.millis() - Duration.ofHours(25).toMillis());
      log.info("[Metrics-Load] {} rows of metrics history restored from {}", n, file);
      return n;
    } catch (SQLException | RuntimeException e) {
      db.degrade("[Metrics-Load] metrics history in {} cannot be read ({}); metrics stay in memory only", e);
      return -1;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts the store's own writer thread, for outcomes given to {@link #onOutcome} (also when the
   * file cannot be used yet: it is tried again). A store fed by {@link #onBatch} needs none.
   * Idempotent.
   */
  @Override
  public synchronized void start() {
    if (thread != null || !enabled) return;
    lock.lock();
    try {
      nextCleanupMs = clock.millis() + CLEANUP_EVERY_MS;
    } finally {
      lock.unlock();
    }
    thread = new Thread(this::run, "llmrouter-history-queue");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an outcome for the thread {@link #start()} starts; never blocks. */
  @Override
  public void onOutcome(AttemptOutcome outcome) {
    if (outcome == null) return;
    if (!enabled || closed || !outcomes.offer(outcome)) dropped.incrementAndGet();
  }

  /**
   * Takes a batch, copied in at once and written with the others of its second in one transaction
   * by the store's writer thread, so the caller (a
   * {@link dev.llmrouter.scheduler.metrics.MetricsRecorder}'s thread) never waits for the file and
   * drains its queue meanwhile. As many outcomes as the capacity given at {@link #open} wait to be
   * written; more are dropped and counted. While the file cannot be written, as many wait in
   * memory; beyond that the oldest are dropped and counted.
   */
  @Override
  public void onBatch(List<AttemptOutcome> batch) {
    if (batch.isEmpty()) return;
    if (!enabled || released) {
      dropped.addAndGet(batch.size());
      return;
    }
    int refused = waiting.take(batch);
    if (refused > 0) dropped.addAndGet(refused);
    Thread w = writer();
    if (w != null && waiting.nanosUntilDue() <= 0) LockSupport.unpark(w);
  }

  /**
   * Makes sure the writer thread runs, which writes the outcomes taken a second after the last
   * write and does the hourly clean-up and the retries of an unusable file; never waits.
   */
  @Override
  public void tick() {
    if (!enabled || released) return;
    writer();
  }

  /** The writer thread, started at the first call; null once closed (or for a disabled store). */
  private synchronized Thread writer() {
    if (writer == null && enabled && !closed) {
      writer = new Thread(this::writeLoop, "llmrouter-history-writer");
      writer.setDaemon(true);
      writer.start();
    }
    return closed ? null : writer;
  }

  /** The writer thread: the second's write and the upkeep, until the store closes. */
  private void writeLoop() {
    while (!closed) {
      long wait = waiting.nanosUntilDue();
      // An unusable file is tried again on time even when nothing is to be written.
      if (!db.persisting()) wait = Math.min(wait, db.retryNanos());
      if (wait > 0) LockSupport.parkNanos(this, wait);
      if (closed) return;
      // What is due (the write, the clean-up, a retry) is done; woken early, maybe nothing.
      lock.lock();
      try {
        if (!released) maintain();
      } catch (RuntimeException e) {
        log.warn("[SQLite-Flush] metrics history write failed: {}", e.toString());
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Under the lock: writes (or, while the file cannot be written, keeps) the outcomes taken. They
   * are swapped for the spare rows first, so batches go on being taken during the write.
   */
  private void writeTaken() {
    PendingRows taken = waiting.swap();
    if (taken == null) return;
    try {
      db.write(taken);
    } catch (RuntimeException e) {
      // Not an SQLException (the connection keeps those in memory): these rows are lost, and counted.
      dropped.addAndGet(taken.size());
      throw e;
    } finally {
      waiting.giveBack(taken);
    }
  }

  /**
   * Waits until every outcome taken before this call is on disk (or, while the file cannot be
   * written, kept in memory to be written later): those queued by {@link #onOutcome}, and a batch
   * being written.
   *
   * @return true when written (or when nothing is persisted), false on timeout
   */
  @Override
  public boolean flush(Duration timeout) {
    return awaitQueued(System.nanoTime() + timeout.toNanos());
  }

  /** Waits for the writer thread to handle what was queued, then for a batch being written. */
  private boolean awaitQueued(long deadline) {
    if (!enabled) return true;
    long target = outcomes.queued();
    boolean started;
    synchronized (this) {
      started = thread != null;
    }
    try {
      if (started && !outcomes.awaitHandled(target, deadline)) return false;
      if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
      try {
        if (!released) writeTaken();
      } finally {
        lock.unlock();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Deletes rows older than the retention now (the writer also does it every hour).
   *
   * @return the number of rows deleted, or -1 when persistence is off or the time ran out
   */
  @Override
  public int cleanup(Duration timeout) {
    Integer n = submit(this::deleteOlderThanRetention, timeout);
    return n == null || !db.persisting() ? -1 : n;
  }

  /**
   * Deletes the rows of a channel (after the channel was deleted).
   *
   * @return the number of rows deleted, or -1 when persistence is off or the time ran out
   */
  @Override
  public int deleteChannel(ApiKind kind, String channelId, Duration timeout) {
    Integer n = submit(c -> HistoryFile.deleteChannel(c, kind, channelId), timeout);
    return n == null || !db.persisting() ? -1 : n;
  }

  /**
   * Runs work on the connection, on the caller's thread, after what was taken before this call is
   * written.
   *
   * @return its result; 0 when nothing is persisted; null on timeout or when it failed
   */
  private Integer submit(HistoryConnection.Work work, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!awaitQueued(deadline)) return null;
    try {
      if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    try {
      return db.perform(work);
    } finally {
      lock.unlock();
    }
  }

  private int deleteOlderThanRetention(Connection c) throws SQLException {
    return HistoryFile.deleteOlderThan(c, clock, retention);
  }

  /** A page of the request log, newest first, read by the writer thread (the connection's owner). */
  @Override
  public List<RequestAttempt> recentAttempts(RequestQuery query, Duration timeout) {
    List<RequestAttempt> out = new ArrayList<>();
    Integer n = submit(c -> {
      out.addAll(RequestLogRows.page(c, query));
      return out.size();
    }, timeout);
    return n == null ? List.of() : out;
  }

  /** Every attempt of one request, oldest first. */
  @Override
  public List<RequestAttempt> requestAttempts(ApiKind kind, String requestId, Duration timeout) {
    List<RequestAttempt> out = new ArrayList<>();
    Integer n = submit(c -> {
      out.addAll(RequestLogRows.request(c, kind.pathName(), requestId));
      return out.size();
    }, timeout);
    return n == null ? List.of() : out;
  }

  /** Latency per bucket, read by the writer thread (the connection's owner) after what is queued. */
  @Override
  public LatencyBuckets latency(ApiKind kind, String channelId, long startMs, long intervalMs, int count,
      Duration timeout) {
    if (!db.persisting() || intervalMs <= 0 || count < 0) return null;
    LatencyBuckets[] out = new LatencyBuckets[1];
    Integer n = submit(c -> {
      out[0] = LatencyRows.read(c, kind.pathName(), channelId, startMs, intervalMs, count);
      return out[0].all().count();
    }, timeout);
    return n == null ? null : out[0];
  }

  /** The thread {@link #start()} starts: writes what {@link #onOutcome} queued, in batches. */
  private void run() {
    outcomes.drain(() -> db.persisting() ? 1_000_000_000L : Math.min(1_000_000_000L, db.retryNanos()),
        this::onBatch, this::tick);
  }

  /** Under the lock: the second's write, the hourly clean-up and the retry of an unusable file, when due. */
  private void maintain() {
    if (waiting.nanosUntilDue() <= 0) writeTaken();
    if (db.persisting() && clock.millis() >= nextCleanupMs) {
      nextCleanupMs = clock.millis() + CLEANUP_EVERY_MS;
      Integer deleted = db.perform(this::deleteOlderThanRetention);
      if (deleted != null && deleted > 0) log.info("[SQLite-Cleanup] deleted {} rows older than {} days", deleted,
          retention.toDays());
    }
    db.retryIfDue();
  }

  /**
   * Writes what is queued (waiting up to 10 seconds for the writer thread, if started) and closes the
   * file. A store fed by {@link #onBatch} is closed after its feeder, so that the feeder's last batches
   * are written. Idempotent.
   */
  @Override
  public void close() {
    Thread t;
    Thread w;
    synchronized (this) {
      if (closed) return;
      closed = true;
      t = thread;
      w = writer;
    }
    if (t != null) outcomes.stop(t);
    if (w != null) LockSupport.unpark(w);
    lock.lock();
    try {
      if (enabled && !released) writeTaken();
      // A last try for what waits in memory; what still cannot be written is lost, and counted.
      db.endBacklog(enabled);
      released = true;
      // A batch taken after the write above (its feeder still running) is not written: counted.
      dropped.addAndGet(waiting.close());
      db.close();
    } finally {
      lock.unlock();
    }
  }
}
