package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.AttemptOutcome;
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
import java.util.List;

/**
 * The statements on the history's SQLite file as a whole, each across both of its tables (the
 * attempt history of {@link HistorySchema} and the request log of {@link RequestLogSchema}):
 * opening the file with its settings and tables, inserting a batch of outcomes in one transaction,
 * and deleting old rows or a channel's rows. When to run them, and what to do when they fail, is
 * {@link SqliteHistoryStore}'s.
 *
 * <p>Stateless. The connection given to each method is the caller's, guarded by the caller.
 */
final class HistoryFile {
  /**
   * Rows inserted between two yields of the core, within a transaction, while the yields come back
   * at once (the core is free otherwise). With 64, a request that woke while a chunk was inserted
   * waited for the rest of it: at concurrency 1 on one core (4,000 requests a second, so 4,000 rows
   * a second) the added p99 was 1.1 ms, and the slow requests clustered in the first 200 ms of each
   * second; with 8 it was 0.4 to 0.5 ms.
   */
  private static final int CHUNK = 8;
  /**
   * When a yield took this long, other threads had the core meanwhile: on a core the requests keep
   * busy a yield lasts until the scheduler's next tick, and a second's rows in chunks of 8 took more
   * than a second to write (under the load benchmark at concurrency 64 the rows piled up by tens of
   * thousands). Each slow yield doubles the chunk, up to {@link #MAX_CHUNK}, for the rest of the
   * write; the requests are queued behind one another then anyway. Sleeping instead of yielding
   * (20 microseconds per chunk) kept the writer on time but cost the router 10 to 15 % more CPU per
   * request at concurrency 64: the writer woke a thousand times a second into the requests' caches.
   */
  private static final long SLOW_YIELD_NANOS = 1_000_000;
  private static final int MAX_CHUNK = 512;

  private HistoryFile() {}

  /** Opens (creating when missing) the file and its tables. */
  static Connection connect(Path file) throws SQLException, IOException {
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

  /**
   * Inserts rows in one transaction, {@value #CHUNK} at a time (more on a busy core), yielding the
   * core between chunks: the writer shares the machine's cores with the request threads, and the
   * scheduler lets a running thread finish its slice, so a second of traffic inserted in one piece
   * (thousands of rows, tens of milliseconds) would hold a request that wakes meanwhile for as long.
   */
  static void insert(Connection c, List<AttemptOutcome> rows) throws SQLException {
    try {
      c.setAutoCommit(false);
      try (PreparedStatement history = c.prepareStatement(HistorySchema.INSERT);
          PreparedStatement requestLog = c.prepareStatement(RequestLogSchema.INSERT)) {
        int logged = 0;
        int chunk = CHUNK;
        int inChunk = 0;
        for (int i = 0; i < rows.size(); i++) {
          AttemptOutcome o = rows.get(i);
          HistoryRows.bind(history, o);
          history.addBatch();
          if (RequestLogRows.add(requestLog, o)) logged++;
          if (++inChunk == chunk || i == rows.size() - 1) {
            history.executeBatch();
            if (logged > 0) requestLog.executeBatch();
            logged = 0;
            inChunk = 0;
            if (i < rows.size() - 1) {
              long before = System.nanoTime();
              Thread.yield();
              if (System.nanoTime() - before >= SLOW_YIELD_NANOS) chunk = Math.min(chunk * 2, MAX_CHUNK);
            }
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

  /**
   * Deletes the rows older than {@code retention}.
   *
   * @return the number of history rows deleted
   */
  static int deleteOlderThan(Connection c, Clock clock, Duration retention) throws SQLException {
    RequestLogRows.deleteOlder(c, clock.millis() - retention.toMillis());
    try (PreparedStatement ps = c.prepareStatement(HistorySchema.DELETE_OLDER)) {
      ps.setLong(1, clock.millis() - retention.toMillis());
      return ps.executeUpdate();
    }
  }

  /**
   * Deletes the rows of a channel.
   *
   * @return the number of history rows deleted
   */
  static int deleteChannel(Connection c, ApiKind kind, String channelId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HistorySchema.DELETE_CHANNEL)) {
      ps.setString(1, kind.pathName());
      ps.setString(2, channelId);
      RequestLogRows.deleteChannel(c, kind.pathName(), channelId);
      return ps.executeUpdate();
    }
  }

  static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing more can be done with a connection that does not close
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
}
