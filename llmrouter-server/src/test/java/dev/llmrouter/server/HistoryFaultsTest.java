package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.server.history.SqliteHistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics history survives its file's faults: a deleted file, a directory that cannot be
 * written, a path that cannot be created. Outcomes wait in memory, one warning is logged, and once
 * the file can be written again the waiting outcomes are written and writing resumes.
 */
class HistoryFaultsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration RETRY = Duration.ofMillis(50);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static AttemptOutcome outcome(String channel) {
    return new AttemptOutcome(ApiKind.MESSAGES, channel, "name-" + channel, "https://up.example", "fp1", "sk-a…xyz1",
        "claude-sonnet-4-5", 200, AttemptOutcome.Result.SUCCESS, 40_000_000L, 250_000_000L, Usage.of(5, 5), true, NOW,
        null);
  }

  private static long rows(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM attempt_outcomes")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Flushes until {@code n} rows were written in all (the writer retries the file at its own pace). */
  private static void awaitWritten(SqliteHistoryStore h, long n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (h.written() < n && System.nanoTime() < deadline) assertTrue(h.flush(WAIT));
    assertEquals(n, h.written());
  }

  /** Warning lines of the history store, whatever the log layout. */
  private static long warnings(String text) {
    return text.lines().filter(l -> l.contains("WARN") && l.contains("SqliteHistoryStore")).count();
  }

  @Test
  void aDeletedFileIsMadeAnewAndTheOutcomesMeanwhileReachIt() throws Exception {
    Path file = dir.resolve("metrics.db");
    try (LogCapture logs = new LogCapture();
        SqliteHistoryStore h = SqliteHistoryStore.open(file, CLOCK, Duration.ofDays(7), 1000, RETRY)) {
      h.start();
      h.onOutcome(outcome("c1"));
      h.onOutcome(outcome("c1"));
      awaitWritten(h, 2);
      Files.delete(file);
      for (int i = 0; i < 3; i++) h.onOutcome(outcome("c2"));
      awaitWritten(h, 5);
      assertTrue(logs.await(t -> t.contains("[SQLite-Recover]"), WAIT));
      assertTrue(h.persisting());
      assertEquals(3, rows(file));
      assertEquals(0, h.dropped());
      assertEquals(1, warnings(logs.text()), logs.text());
    }
  }

  @Test
  void aPathThatCannotBeCreatedIsTriedAgainUntilItCan() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where the directory should be");
    Path file = blocker.resolve("metrics.db");
    try (LogCapture logs = new LogCapture();
        SqliteHistoryStore h = SqliteHistoryStore.open(file, CLOCK, Duration.ofDays(7), 1000, RETRY)) {
      assertFalse(h.persisting());
      h.start();
      for (int i = 0; i < 4; i++) h.onOutcome(outcome("c1"));
      assertTrue(h.flush(WAIT));
      assertEquals(0, h.written());
      assertEquals(0, h.dropped());
      Files.delete(blocker);
      awaitWritten(h, 4);
      assertTrue(h.persisting());
      assertEquals(4, rows(file));
      assertEquals(1, warnings(logs.text()), logs.text());
    }
  }

  @Test
  void aReadOnlyDirectoryKeepsOutcomesInMemoryUntilItIsWritable() throws Exception {
    Path ro = dir.resolve("ro");
    Files.createDirectories(ro);
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(Files.isWritable(ro), "permissions do not bind this user (root): a read-only"
          + " directory cannot be made here; aPathThatCannotBeCreatedIsTriedAgainUntilItCan covers the same path");
      Path file = ro.resolve("metrics.db");
      try (SqliteHistoryStore h = SqliteHistoryStore.open(file, CLOCK, Duration.ofDays(7), 1000, RETRY)) {
        assertFalse(h.persisting());
        h.start();
        h.onOutcome(outcome("c1"));
        assertTrue(h.flush(WAIT));
        assertEquals(0, h.written());
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        awaitWritten(h, 1);
        assertEquals(1, rows(file));
      }
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void beyondTheQueueSizeTheOldestWaitingOutcomesAreDroppedAndCounted() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "x");
    try (SqliteHistoryStore h = SqliteHistoryStore.open(blocker.resolve("m.db"), CLOCK, Duration.ofDays(7), 10,
        RETRY)) {
      h.start();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10; i++) h.onOutcome(outcome("c" + round));
        assertTrue(h.flush(WAIT));
      }
      // 30 taken, 10 kept in memory: memory stays bounded.
      assertEquals(20, h.dropped());
      Files.delete(blocker);
      awaitWritten(h, 10);
    }
  }
}
