package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics history in a SQLite file: every attempt's outcome as one row, written once a second
 * in one transaction (reads and {@link #flush} write what waits first, and so does {@link #close()});
 * rows older than the retention are deleted at start-up and every hour.
 * {@link #restoreInto} rebuilds the in-memory metrics from the file.
 *
 * <p>Two ways to feed it, one thread either way. The server's: a
 * {@link dev.llmrouter.scheduler.metrics.MetricsRecorder} hands it each batch it drained
 * ({@link #onBatch}, {@link #tick}) and the batch is written on the recorder's thread, so an outcome
 * passes one queue and one thread on its way to the disk; the store is not {@link #start()}ed. Used
 * alone, as an {@link dev.llmrouter.api.outcome.OutcomeListener} that must not block: {@link #start()}
 * gives it a bounded queue and a writer thread of its own, which makes the same batches. The
 * connection is guarded by a lock: reads for the routes ({@link #latency}, {@link #recentAttempts},
 * ...) and deletions run on the caller's thread, between batches.
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
 */
public final class SqliteHistoryStore implements HistoryStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteHistoryStore.class);
  private static final int BATCH = 1000;
  /**
   * Outcomes are written once a second, in one transaction (or sooner, once this many wait). A
   * transaction per batch of the recorder (every 50 ms under traffic) cost a commit each time, two
   * to three milliseconds of page writes; a core shared with the request threads was held that long,
   * twenty times a second, which was the tail latency of a router at concurrency 1.
   */
  private static final int WRITE_AT_ROWS = 8192;
  private static final long WRITE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * Rows inserted between two yields of the core, within a transaction. With 64, a request that
   * woke while a chunk was inserted waited for the rest of it: at concurrency 1 on one core (4,000
   * requests a second, so 4,000 rows a second) the added p99 was 1.1 ms, and the slow requests
   * clustered in the first 200 ms of each second; with 8 it was 0.4 to 0.5 ms.
   */
  private static final int CHUNK = 8;
  private static final long CLEANUP_EVERY_MS = 3_600_000L;
  /** How often an unusable file is tried again, unless told otherwise. */
  public static final Duration RETRY_EVERY = Duration.ofSeconds(30);

  private final Path file;
  private final Clock clock;
  private final Duration retention;
  /** Outcomes given to {@link #onOutcome}, for the thread {@link #start()} starts, then STOP. */
  private final ArrayBlockingQueue<Object> queue;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  /** Outcomes taken into the queue, and (guarded by itself) how many of them the writer thread handled. */
  private final AtomicLong queued = new AtomicLong();
  private final long[] handled = new long[1];
  private final int capacity;
  /** False for a store that never persists ({@link #disabled}). */
  private final boolean enabled;
  private final long retryNanos;
  /** Guards the connection and everything below that is not volatile. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Outcomes that could not be written yet. */
  private final java.util.ArrayDeque<AttemptOutcome> backlog = new java.util.ArrayDeque<>();
  /** Outcomes taken and not yet written: written together once a second. */
  private final List<AttemptOutcome> rows = new ArrayList<>(BATCH);
  private long nextWriteNanos = System.nanoTime() + WRITE_EVERY_NANOS;
  private volatile Connection connection;
  private volatile boolean persisting;
  private volatile boolean closed;
  /** Set once {@link #close()} has closed the file: later batches are dropped and counted. */
  private volatile boolean released;
  private Thread thread; // guarded by this
  private long nextCleanupMs;
  private long nextRetryNanos;

  private static final Object STOP = new Object();

  @FunctionalInterface
  private interface Work {
    int run(Connection c) throws SQLException;
  }

  private SqliteHistoryStore(Path file, Clock clock, Duration retention, int capacity, Connection connection,
      boolean enabled, Duration retryEvery) {
    this.file = file;
    this.clock = clock;
    this.retention = retention;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.connection = connection;
    this.persisting = connection != null;
    this.enabled = enabled;
    this.retryNanos = Math.max(1, retryEvery.toNanos());
    this.nextRetryNanos = System.nanoTime() + retryNanos;
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
      c = connect(file);
      SqliteHistoryStore store = new SqliteHistoryStore(file, clock, retention, capacity, c, true, retryEvery);
      int deleted = store.deleteOlderThanRetention(c);
      log.info("[SQLite-Init] metrics history in {} (retention {} days; {} old rows deleted)", file,
          retention.toDays(), deleted);
      return store;
    } catch (SQLException | IOException | RuntimeException e) {
      log.warn("[SQLite-Init] metrics history file {} cannot be used ({}); metrics stay in memory only and the"
          + " file is tried again every {} s", file, e.getMessage(), retryEvery.toSeconds());
      closeQuietly(c);
      return new SqliteHistoryStore(file, clock, retention, capacity, null, true, retryEvery);
    }
  }

  /** Opens (creating when missing) the file and its tables. */
  private static Connection connect(Path file) throws SQLException, IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      for (String ddl : HistorySchema.CREATE) s.execute(ddl);
      for (String ddl : RequestLogSchema.CREATE) s.execute(ddl);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
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
    return persisting;
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
      Connection c = connection;
      if (c == null) return 0;
      int n = HistoryRows.restore(c, store, clock.millis() - Duration.ofHours(25).toMillis());
      log.info("[Metrics-Load] {} rows of metrics history restored from {}", n, file);
      return n;
    } catch (SQLException | RuntimeException e) {
      degrade("[Metrics-Load] metrics history in {} cannot be read ({}); metrics stay in memory only", e);
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
    thread = new Thread(this::run, "llmrouter-history-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an outcome for the thread {@link #start()} starts; never blocks. */
  @Override
  public void onOutcome(AttemptOutcome outcome) {
    if (outcome == null) return;
    if (!enabled || closed || !queue.offer(outcome)) {
      dropped.incrementAndGet();
    } else {
      queued.incrementAndGet();
    }
  }

  /**
   * Takes a batch, written with the others of its second in one transaction, on the caller's thread
   * (a {@link dev.llmrouter.scheduler.metrics.MetricsRecorder}'s, at its first batch or
   * {@link #tick()} a second after the last write). While the file cannot be written the
   * outcomes wait in memory, as many as the capacity given at {@link #open}; beyond that the oldest
   * are dropped and counted.
   */
  @Override
  public void onBatch(List<AttemptOutcome> batch) {
    if (batch.isEmpty()) return;
    if (!enabled || released) {
      dropped.addAndGet(batch.size());
      return;
    }
    lock.lock();
    try {
      rows.addAll(batch);
      if (rows.size() >= WRITE_AT_ROWS) writeTaken();
      maintain();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the outcomes taken when a second has passed since the last write, then the hourly
   * clean-up and the retries of an unusable file, when due; never waits for the lock.
   */
  @Override
  public void tick() {
    if (!enabled || released || !lock.tryLock()) return;
    try {
      maintain();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: writes (or, while the file cannot be written, keeps) the outcomes taken. */
  private void writeTaken() {
    nextWriteNanos = System.nanoTime() + WRITE_EVERY_NANOS;
    write(rows);
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
    long target = queued.get();
    boolean started;
    synchronized (this) {
      started = thread != null;
    }
    try {
      if (started) {
        synchronized (handled) {
          while (handled[0] < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(handled, left);
          }
        }
      }
      if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
      try {
        if (!rows.isEmpty() && !released) writeTaken();
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
    return n == null || !persisting ? -1 : n;
  }

  /**
   * Deletes the rows of a channel (after the channel was deleted).
   *
   * @return the number of rows deleted, or -1 when persistence is off or the time ran out
   */
  @Override
  public int deleteChannel(ApiKind kind, String channelId, Duration timeout) {
    Integer n = submit(c -> {
      try (PreparedStatement ps = c.prepareStatement(HistorySchema.DELETE_CHANNEL)) {
        ps.setString(1, kind.pathName());
        ps.setString(2, channelId);
        RequestLogRows.deleteChannel(c, kind.pathName(), channelId);
        return ps.executeUpdate();
      }
    }, timeout);
    return n == null || !persisting ? -1 : n;
  }

  /**
   * Runs work on the connection, on the caller's thread, after what was taken before this call is
   * written.
   *
   * @return its result; 0 when nothing is persisted; null on timeout or when it failed
   */
  private Integer submit(Work work, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!awaitQueued(deadline)) return null;
    try {
      if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    try {
      return perform(work);
    } finally {
      lock.unlock();
    }
  }

  private int deleteOlderThanRetention(Connection c) throws SQLException {
    RequestLogRows.deleteOlder(c, clock.millis() - retention.toMillis());
    try (PreparedStatement ps = c.prepareStatement(HistorySchema.DELETE_OLDER)) {
      ps.setLong(1, clock.millis() - retention.toMillis());
      return ps.executeUpdate();
    }
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
    if (!persisting || intervalMs <= 0 || count < 0) return null;
    LatencyBuckets[] out = new LatencyBuckets[1];
    Integer n = submit(c -> {
      out[0] = LatencyRows.read(c, kind.pathName(), channelId, startMs, intervalMs, count);
      return out[0].all().count();
    }, timeout);
    return n == null ? null : out[0];
  }

  /** The thread {@link #start()} starts: writes what {@link #onOutcome} queued, in batches. */
  private void run() {
    List<Object> batch = new ArrayList<>(BATCH);
    List<AttemptOutcome> outcomes = new ArrayList<>(BATCH);
    while (true) {
      Object first;
      try {
        first = queue.poll(persisting ? 1_000_000_000L : Math.min(1_000_000_000L, retryNanos), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        tick();
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, BATCH - 1);
      boolean stop = false;
      for (Object item : batch) {
        if (item == STOP) {
          stop = true;
        } else {
          outcomes.add((AttemptOutcome) item);
        }
      }
      onBatch(outcomes);
      synchronized (handled) {
        handled[0] += outcomes.size();
        handled.notifyAll();
      }
      outcomes.clear();
      batch.clear();
      if (stop) return;
    }
  }

  /** Under the lock: the second's write, the hourly clean-up and the retry of an unusable file, when due. */
  private void maintain() {
    if (!rows.isEmpty() && System.nanoTime() - nextWriteNanos >= 0) writeTaken();
    if (persisting && clock.millis() >= nextCleanupMs) {
      nextCleanupMs = clock.millis() + CLEANUP_EVERY_MS;
      Integer deleted = perform(this::deleteOlderThanRetention);
      if (deleted != null && deleted > 0) log.info("[SQLite-Cleanup] deleted {} rows older than {} days", deleted,
          retention.toDays());
    }
    if (!persisting && System.nanoTime() - nextRetryNanos >= 0) retry();
  }

  /**
   * Tries the file again: opens it (a deleted file is made anew) and writes what waits in memory in
   * the same go; only when that works does writing resume. A failure stays quiet (the warning was
   * given when writing stopped).
   */
  private void retry() {
    nextRetryNanos = System.nanoTime() + retryNanos;
    Connection c = null;
    try {
      c = connect(file);
      int kept = backlog.size();
      List<AttemptOutcome> rows = new ArrayList<>(backlog);
      insert(c, rows);
      backlog.clear();
      written.addAndGet(kept);
      connection = c;
      persisting = true;
      log.info("[SQLite-Recover] metrics history in {} is written again; {} outcomes kept in memory meanwhile"
          + " were written", file, kept);
    } catch (SQLException | IOException | RuntimeException e) {
      log.debug("[SQLite-Recover] metrics history in {} still cannot be used: {}", file, e.getMessage());
      closeQuietly(c);
    }
  }

  /** Keeps outcomes that could not be written, dropping the oldest beyond the queue's capacity. */
  private void keep(List<AttemptOutcome> rows) {
    for (AttemptOutcome o : rows) {
      if (backlog.size() >= capacity) {
        backlog.pollFirst();
        dropped.incrementAndGet();
      }
      backlog.addLast(o);
    }
    rows.clear();
  }

  /**
   * Inserts rows in one transaction, {@value #CHUNK} at a time, yielding the core between chunks: the
   * writer shares the machine's cores with the request threads, and the scheduler lets a running
   * thread finish its slice, so a second of traffic inserted in one piece (thousands of rows, tens of
   * milliseconds) would hold a request that wakes meanwhile for as long.
   */
  private static void insert(Connection c, List<AttemptOutcome> rows) throws SQLException {
    try {
      c.setAutoCommit(false);
      try (PreparedStatement history = c.prepareStatement(HistorySchema.INSERT);
          PreparedStatement requestLog = c.prepareStatement(RequestLogSchema.INSERT)) {
        int logged = 0;
        for (int i = 0; i < rows.size(); i++) {
          AttemptOutcome o = rows.get(i);
          HistoryRows.bind(history, o);
          history.addBatch();
          if (RequestLogRows.add(requestLog, o)) logged++;
          if ((i + 1) % CHUNK == 0 || i == rows.size() - 1) {
            history.executeBatch();
            if (logged > 0) requestLog.executeBatch();
            logged = 0;
            if (i < rows.size() - 1) Thread.yield();
          }
        }
      }
      c.commit();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is given up by the caller anyway
      }
      throw e;
    } finally {
      autoCommit(c);
    }
  }

  /** Under the lock: runs work on the connection; 0 when nothing is persisted, null when it failed. */
  private Integer perform(Work work) {
    Connection c = connection;
    if (!persisting || c == null) return 0;
    try {
      return work.run(c);
    } catch (SQLException e) {
      degrade("[SQLite-Flush] metrics history in {} cannot be written ({}); metrics stay in memory only", e);
      return null;
    }
  }

  private void write(List<AttemptOutcome> rows) {
    if (rows.isEmpty()) return;
    Connection c = connection;
    if (persisting && c != null) {
      // A deleted file would take writes that nobody can read again. One stat per batch: nothing
      // next to the batch's transaction.
      if (!Files.exists(file)) {
        degrade("[SQLite-Flush] metrics history in {} cannot be written ({}); metrics stay in memory only",
            new SQLException("the file was deleted"));
        c = null;
      }
    }
    if (!persisting || c == null) {
      keep(rows);
      return;
    }
    try {
      insert(c, rows);
      written.addAndGet(rows.size());
      rows.clear();
    } catch (SQLException e) {
      keep(rows);
      degrade("[SQLite-Flush] metrics history in {} cannot be written ({}); metrics stay in memory only", e);
    }
  }

  /** Back to one transaction per statement, for clean-ups and deletions between batches. */
  private static void autoCommit(Connection c) {
    try {
      if (!c.isClosed()) c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a connection that fails here has failed a write already and is being given up
    }
  }

  /** Under the lock: stops writing, with one warning, until {@link #retry()} finds the file usable again. */
  private void degrade(String message, Exception e) {
    if (!persisting) return;
    persisting = false;
    log.warn(message + "; tried again every {} s", file, e.getMessage(), Math.max(1, retryNanos / 1_000_000_000L));
    nextRetryNanos = System.nanoTime() + retryNanos;
    Connection c = connection;
    connection = null;
    closeQuietly(c);
  }

  /**
   * Writes what is queued (waiting up to 10 seconds for the writer thread, if started) and closes the
   * file. A store fed by {@link #onBatch} is closed after its feeder, so that the feeder's last batches
   * are written. Idempotent.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) return;
      closed = true;
      t = thread;
    }
    if (t != null) {
      try {
        queue.offer(STOP, 10, TimeUnit.SECONDS);
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) t.interrupt();
    }
    lock.lock();
    try {
      if (enabled && !released && !rows.isEmpty()) writeTaken();
      // A last try for what waits in memory; what still cannot be written is lost, and counted.
      if (enabled && !persisting && !backlog.isEmpty()) retry();
      dropped.addAndGet(backlog.size());
      backlog.clear();
      released = true;
      Connection c = connection;
      connection = null;
      closeQuietly(c);
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing more can be done with a connection that does not close
    }
  }
}
