package dev.llmrouter.server.history;

import dev.llmrouter.api.outcome.AttemptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the history file of a {@link SqliteHistoryStore}, and what happens while the
 * file cannot be written. A file that cannot be opened, a full disk, a database locked by someone
 * else or a deleted file turn writing off with one warning ({@link #degrade}); the outcomes that
 * could not be written then wait in memory (as many as the capacity; beyond that the oldest are
 * dropped and counted), and the file is tried again every {@code retryEvery} ({@link
 * #retryIfDue}). Once it can be written (a deleted file is made anew), they are written and
 * writing resumes, with one line in the log.
 *
 * <p>Not thread-safe: guarded by its store's lock, except {@link #persisting()}, which may be read
 * at any time.
 */
final class HistoryConnection {
  // The log lines keep the logger name they had when this was part of SqliteHistoryStore.
  private static final Logger log = LoggerFactory.getLogger(SqliteHistoryStore.class);
  private static final String WRITE_FAILED =
      "[SQLite-Flush] metrics history in {} cannot be written ({}); metrics stay in memory only";

  /** Work on the connection. */
  @FunctionalInterface
  interface Work {
    int run(Connection c) throws SQLException;
  }

  private final Path file;
  private final int capacity;
  private final long retryNanos;
  private final AtomicLong written;
  private final AtomicLong dropped;
  /** Outcomes that could not be written yet. */
  private final ArrayDeque<AttemptOutcome> backlog = new ArrayDeque<>();
  private volatile Connection connection;
  private volatile boolean persisting;
  private long nextRetryNanos;

  /**
   * @param connection the file's open connection, or null when it cannot be used yet
   * @param capacity how many outcomes may wait in memory while the file cannot be written
   * @param written counts the rows written
   * @param dropped counts the outcomes dropped
   */
  HistoryConnection(Path file, Connection connection, int capacity, Duration retryEvery, AtomicLong written,
      AtomicLong dropped) {
    this.file = file;
    this.connection = connection;
    this.persisting = connection != null;
    this.capacity = capacity;
    this.retryNanos = Math.max(1, retryEvery.toNanos());
    this.nextRetryNanos = System.nanoTime() + retryNanos;
    this.written = written;
    this.dropped = dropped;
  }

  /** True while rows are written; false while the file cannot be written. */
  boolean persisting() {
    return persisting;
  }

  /** How often an unusable file is tried again, in nanoseconds (at least 1). */
  long retryNanos() {
    return retryNanos;
  }

  /** The open connection; null while the file cannot be used. */
  Connection connection() {
    return connection;
  }

  /** Runs work on the connection; 0 when nothing is persisted, null when it failed. */
  Integer perform(Work work) {
    Connection c = connection;
    if (!persisting || c == null) return 0;
    try {
      return work.run(c);
    } catch (SQLException e) {
      degrade(WRITE_FAILED, e);
      return null;
    }
  }

  /**
   * Writes rows in one transaction and clears the list; while the file cannot be written, they are
   * kept in memory instead (and the list cleared too).
   */
  void write(List<AttemptOutcome> rows) {
    if (rows.isEmpty()) return;
    Connection c = connection;
    if (persisting && c != null) {
      // A deleted file would take writes that nobody can read again. One stat per batch: nothing
      // next to the batch's transaction.
      if (!Files.exists(file)) {
        degrade(WRITE_FAILED, new SQLException("the file was deleted"));
        c = null;
      }
    }
    if (!persisting || c == null) {
      keep(rows);
      return;
    }
    try {
      HistoryFile.insert(c, rows);
      written.addAndGet(rows.size());
      rows.clear();
    } catch (SQLException e) {
      keep(rows);
      degrade(WRITE_FAILED, e);
    }
  }

  /** Tries the file again when writing is off and {@code retryEvery} has passed since the last try. */
  void retryIfDue() {
    if (!persisting && System.nanoTime() - nextRetryNanos >= 0) retry();
  }

  /**
   * Stops writing, with one warning, until {@link #retryIfDue} finds the file usable again.
   *
   * @param message the warning, with {@code {}} for the file and for the failure's message
   */
  void degrade(String message, Exception e) {
    if (!persisting) return;
    persisting = false;
    log.warn(message + "; tried again every {} s", file, e.getMessage(), Math.max(1, retryNanos / 1_000_000_000L));
    nextRetryNanos = System.nanoTime() + retryNanos;
    Connection c = connection;
    connection = null;
    HistoryFile.closeQuietly(c);
  }

  /**
   * Gives up what waits in memory, counted as dropped; first, when {@code tryFirst}, makes a last
   * try to write it.
   */
  void endBacklog(boolean tryFirst) {
    if (tryFirst && !persisting && !backlog.isEmpty()) retry();
    dropped.addAndGet(backlog.size());
    backlog.clear();
  }

  /** Closes the connection; nothing is written after. */
  void close() {
    Connection c = connection;
    connection = null;
    HistoryFile.closeQuietly(c);
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
      c = HistoryFile.connect(file);
      int kept = backlog.size();
      List<AttemptOutcome> rows = new ArrayList<>(backlog);
      HistoryFile.insert(c, rows);
      backlog.clear();
      written.addAndGet(kept);
      connection = c;
      persisting = true;
      log.info("[SQLite-Recover] metrics history in {} is written again; {} outcomes kept in memory meanwhile"
          + " were written", file, kept);
    } catch (SQLException | IOException | RuntimeException e) {
      log.debug("[SQLite-Recover] metrics history in {} still cannot be used: {}", file, e.getMessage());
      HistoryFile.closeQuietly(c);
    }
  }

  /** Keeps outcomes that could not be written, dropping the oldest beyond the capacity. */
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
}
