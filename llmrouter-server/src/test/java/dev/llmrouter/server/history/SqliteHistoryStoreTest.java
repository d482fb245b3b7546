package dev.llmrouter.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.HistoryRange;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import dev.llmrouter.scheduler.metrics.Totals;
import dev.llmrouter.scheduler.metrics.TrafficCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHistoryStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static AttemptOutcome outcome(String channel, AttemptOutcome.Result result, Instant at, Usage usage) {
    return new AttemptOutcome(ApiKind.MESSAGES, channel, "name-" + channel, "https://up.example", "fp1", "sk-a…xyz1",
        "claude-sonnet-4-5", result == AttemptOutcome.Result.FAILURE ? 502 : 200, result, 40_000_000L, 250_000_000L,
        usage, true, at, null);
  }

  private static Clock at(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  private long rows(Path file, String where) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM attempt_outcomes" + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void batchesWaitForTheSecondsWriteUnlessAFlushOrTheCloseWritesThemFirst() throws Exception {
    Path file = dir.resolve("metrics.db");
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000)) {
      h.onBatch(java.util.List.of(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE),
          outcome("c1", AttemptOutcome.Result.FAILURE, NOW, Usage.NONE)));
      h.tick();
      // Taken, not yet written: a batch no longer costs a transaction of its own.
      assertEquals(0, h.written());
      assertEquals(0, rows(file, ""));
      // A flush (and every read through the store) writes what waits first.
      assertTrue(h.flush(WAIT));
      assertEquals(2, h.written());
      assertEquals(2, rows(file, ""));
      h.onBatch(java.util.List.of(outcome("c2", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE)));
      assertEquals(2, h.written());
    }
    // The close writes the last second's outcomes.
    assertEquals(3, rows(file, ""));
  }

  @Test
  void aSecondAfterTheLastWriteWhatWaitsIsWritten() throws Exception {
    Path file = dir.resolve("metrics.db");
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000)) {
      h.onBatch(java.util.List.of(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE)));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (h.written() == 0 && System.nanoTime() < deadline) {
        h.tick();
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
      assertEquals(1, h.written());
      assertEquals(1, rows(file, ""));
    }
  }

  @Test
  void writtenRowsComeBackAsTheSameMetrics() throws Exception {
    Path file = dir.resolve("m/metrics.db");
    MetricsStore live = new MetricsStore(at(NOW));
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000)) {
      h.start();
      AttemptOutcome[] all = {
          outcome("c1", AttemptOutcome.Result.SUCCESS, NOW.minus(Duration.ofDays(2)), Usage.of(5, 5)),
          outcome("c1", AttemptOutcome.Result.SUCCESS, NOW.minus(Duration.ofHours(3)), new Usage(100, 20, 50, 10, 0, true)),
          outcome("c1", AttemptOutcome.Result.FAILURE, NOW.minus(Duration.ofMinutes(2)), Usage.NONE),
          outcome("c1", AttemptOutcome.Result.CANCELLED, NOW.minus(Duration.ofMinutes(1)), Usage.of(3, 0)),
          outcome("c2", AttemptOutcome.Result.CLIENT_ERROR, NOW, Usage.NONE)};
      for (AttemptOutcome o : all) {
        live.record(o);
        h.onOutcome(o);
      }
      assertTrue(h.flush(WAIT));
      assertEquals(5, h.written());
      assertTrue(h.persisting());
    }
    assertEquals(5, rows(file, ""));
    assertEquals(5, rows(file, " WHERE key_mask = 'sk-a…xyz1' AND key_fingerprint = 'fp1'"));
    MetricsStore restored = new MetricsStore(at(NOW));
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000)) {
      assertEquals(5, h.restoreInto(restored));
    }
    for (String ch : new String[] {"c1", "c2"}) {
      Totals want = live.channel(ApiKind.MESSAGES, ch).totals();
      Totals got = restored.channel(ApiKind.MESSAGES, ch).totals();
      assertEquals(want.requestCount(), got.requestCount(), ch);
      assertEquals(want.successCount(), got.successCount(), ch);
      assertEquals(want.failureCount(), got.failureCount(), ch);
      assertEquals(want.clientErrorCount(), got.clientErrorCount(), ch);
      assertEquals(want.cancelledCount(), got.cancelledCount(), ch);
      assertEquals(want.consecutiveFailures(), got.consecutiveFailures(), ch);
      assertEquals(want.lastSuccessAt(), got.lastSuccessAt(), ch);
      assertEquals(want.lastFailureAt(), got.lastFailureAt(), ch);
      assertEquals(live.channel(ApiKind.MESSAGES, ch).history(HistoryRange.of(Duration.ofHours(24), null, NOW)),
          restored.channel(ApiKind.MESSAGES, ch).history(HistoryRange.of(Duration.ofHours(24), null, NOW)));
      assertEquals(live.channel(ApiKind.MESSAGES, ch).latency(NOW), restored.channel(ApiKind.MESSAGES, ch).latency(NOW));
    }
    assertEquals(live.kind(ApiKind.MESSAGES).totals().requestCount(),
        restored.kind(ApiKind.MESSAGES).totals().requestCount());
    assertEquals(4, restored.key(ApiKind.MESSAGES, "c1", "fp1").totals().requestCount());
    // The two-day-old row came back as a counter only: it is not in the sliding window.
    assertEquals(3, live.channel(ApiKind.MESSAGES, "c1").totals().windowRequests());
    assertEquals(2, restored.channel(ApiKind.MESSAGES, "c1").totals().windowRequests());
    assertEquals("sk-a…xyz1", restored.key(ApiKind.MESSAGES, "c1", "fp1").keyMask());
    TrafficCounts day = restored.channel(ApiKind.MESSAGES, "c1").window(Duration.ofHours(24), NOW);
    assertEquals(new TrafficCounts(2, 1, 1, 100, 20, 50, 10), day);
  }

  @Test
  void rowsOlderThanTheRetentionAreDeletedAtOpenAndByTheCleanUp() throws Exception {
    Path file = dir.resolve("metrics.db");
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000)) {
      h.start();
      h.onOutcome(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW.minus(Duration.ofDays(6)), Usage.NONE));
      h.onOutcome(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW.minus(Duration.ofDays(5)), Usage.NONE));
      h.onOutcome(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE));
      assertTrue(h.flush(WAIT));
      assertEquals(0, h.cleanup(WAIT));
    }
    assertEquals(3, rows(file, ""));
    Instant later = NOW.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1));
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(later), WEEK, 1000)) {
      assertEquals(2, rows(file, ""));
      h.start();
      assertEquals(0, h.cleanup(WAIT));
    }
    MutableTime time = new MutableTime(later);
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, time, WEEK, 1000)) {
      h.start();
      time.now = later.plus(Duration.ofDays(1));
      assertEquals(1, h.cleanup(WAIT));
      assertEquals(1, rows(file, ""));
      assertEquals(1, h.deleteChannel(ApiKind.MESSAGES, "c1", WAIT));
      assertEquals(0, rows(file, ""));
    }
  }

  @Test
  void aFileThatCannotBeOpenedMeansMemoryOnly() throws Exception {
    Path notAFile = dir.resolve("taken");
    Files.createDirectories(notAFile);
    SqliteHistoryStore h = SqliteHistoryStore.open(notAFile, at(NOW), WEEK, 1000);
    try (h) {
      assertFalse(h.persisting());
      assertEquals(0, h.restoreInto(new MetricsStore(at(NOW))));
      h.start();
      h.onOutcome(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE));
      assertTrue(h.flush(WAIT));
      // Kept in memory, to be written once the file can be used.
      assertEquals(0, h.dropped());
      assertEquals(-1, h.cleanup(WAIT));
    }
    // The file never became usable: what waited in memory is lost, and counted.
    assertEquals(1, h.dropped());
    assertEquals(0, h.written());
  }

  @Test
  void aLockedDatabaseKeepsOutcomesInMemoryUntilItIsFree() throws Exception {
    Path file = dir.resolve("locked.db");
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000, Duration.ofMillis(50));
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      h.start();
      s.execute("PRAGMA busy_timeout = 0");
      s.execute("BEGIN EXCLUSIVE");
      h.onOutcome(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE));
      assertTrue(h.flush(Duration.ofSeconds(30)));
      assertFalse(h.persisting());
      assertEquals(0, h.written());
      assertEquals(0, h.dropped());
      h.onOutcome(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE));
      s.execute("ROLLBACK");
      // Once the lock is gone, both outcomes reach the file and writing resumes.
      assertTrue(h.flush(Duration.ofSeconds(30)));
      flushUntilWritten(h, 2);
      assertEquals(2, h.written());
      assertTrue(h.persisting());
      assertEquals(0, h.dropped());
    }
    assertEquals(2, rows(file, ""));
  }

  @Test
  void batchesAreTakenWhileTheWriterWaitsForTheFile() throws Exception {
    Path file = dir.resolve("busy.db");
    try (SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000, Duration.ofMillis(50));
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      h.onBatch(java.util.List.of(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE)));
      // The second's write waits for the lock (the store's busy timeout is 5 s).
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!writing() && System.nanoTime() < deadline) Thread.onSpinWait();
      assertTrue(writing(), "the writer thread never started its write");
      // The recorder's next batch is taken at once: it does not wait for the write.
      h.onBatch(java.util.List.of(outcome("c2", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE)));
      assertTrue(writing(), "the batch was taken only after the write ended");
      s.execute("ROLLBACK");
      flushUntilWritten(h, 2);
      assertEquals(2, h.written());
      assertEquals(0, h.dropped());
    }
    assertEquals(2, rows(file, ""));
  }

  @Test
  void aBatchAfterTheCloseIsCountedAsDropped() throws Exception {
    Path file = dir.resolve("closed.db");
    SqliteHistoryStore h = SqliteHistoryStore.open(file, at(NOW), WEEK, 1000);
    h.onBatch(java.util.List.of(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE)));
    h.close();
    h.onBatch(java.util.List.of(outcome("c1", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE),
        outcome("c2", AttemptOutcome.Result.SUCCESS, NOW, Usage.NONE)));
    assertEquals(1, h.written());
    assertEquals(2, h.dropped());
    assertEquals(1, rows(file, ""));
  }

  /** Flushes until {@code n} rows are written, for up to 30 seconds (the file may be retried first). */
  private static void flushUntilWritten(SqliteHistoryStore h, long n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (h.written() < n && System.nanoTime() < deadline) h.flush(WAIT);
  }

  /** Whether a thread is inside the history's insert. */
  private static boolean writing() {
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement e : stack) {
        if (e.getClassName().endsWith("HistoryFile") && e.getMethodName().equals("insert")) return true;
      }
    }
    return false;
  }

  /** A clock a test moves by setting {@link #now}. */
  private static final class MutableTime extends Clock {
    volatile Instant now;

    MutableTime(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
