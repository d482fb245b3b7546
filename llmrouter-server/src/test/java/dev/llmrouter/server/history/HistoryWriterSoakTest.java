package dev.llmrouter.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.MetricsRecorder;
import dev.llmrouter.scheduler.metrics.MetricsStore;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 100,000 outcomes through the recorder into the SQLite writer, in bursts (5,000 for the recorder,
 * 20,000 for the writer): nothing is dropped, every row is on disk, and the in-memory store holds a
 * fixed number of series. Logs the recording cost on the request thread and the writer's throughput.
 */
class HistoryWriterSoakTest {
  private static final Logger log = LoggerFactory.getLogger(HistoryWriterSoakTest.class);
  private static final int TOTAL = 100_000;

  @TempDir Path dir;

  @Test
  void theWriterKeepsUpWithOneHundredThousandOutcomes() throws Exception {
    Instant start = Instant.parse("2026-11-28T00:00:00Z");
    Clock clock = Clock.fixed(start.plus(Duration.ofHours(30)), ZoneOffset.UTC);
    Path file = dir.resolve("metrics.db");
    MetricsStore store = new MetricsStore(clock);
    long requestNanos = 0;
    long t0;
    long written;
    try (SqliteHistoryStore history = SqliteHistoryStore.open(file, clock, Duration.ofDays(7), 65_536)) {
      history.start();
      t0 = System.nanoTime();
      try (MetricsRecorder recorder = MetricsRecorder.builder(store).forwardTo(history).build()) {
        for (int i = 0; i < TOTAL; i++) {
          AttemptOutcome o = new AttemptOutcome(ApiKind.values()[i % 3], "ch" + (i % 10), "c", "https://up",
              "fp" + (i % 4), "mask", "m", 200, i % 7 == 0 ? AttemptOutcome.Result.FAILURE : AttemptOutcome.Result.SUCCESS,
              20_000_000L, 300_000_000L, new Usage(100, 20, 10, 0, 0, false), i % 2 == 0,
              start.plusMillis(i * 1080L), null);
          long s = System.nanoTime();
          recorder.onOutcome(o);
          if (i >= 20_000) requestNanos += System.nanoTime() - s; // after JIT warm-up
          if ((i + 1) % 5000 == 0) assertTrue(recorder.awaitRecorded(i + 1, Duration.ofSeconds(30)));
          // The writer's queue (65,536) takes bursts of 20,000; between bursts it catches up.
          if ((i + 1) % 20_000 == 0) assertTrue(history.flush(Duration.ofSeconds(60)));
        }
        assertEquals(0, recorder.dropped());
      }
      assertTrue(history.flush(Duration.ofSeconds(60)));
      written = history.written();
      assertEquals(0, history.dropped());
      assertTrue(history.persisting());
    }
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000L;
    assertEquals(TOTAL, written);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM attempt_outcomes")) {
      rs.next();
      assertEquals(TOTAL, rs.getLong(1));
    }
    assertEquals(3 + 30 + 60, store.seriesCount()); // kinds, (kind, channel) pairs, (kind, channel, key) triples
    log.info("[Metrics-Soak] {} outcomes: onOutcome {} ns each on the request thread; recorded and written to "
        + "SQLite in {} ms ({} rows/s); series {}", TOTAL, requestNanos / (TOTAL - 20_000), elapsedMs,
        elapsedMs == 0 ? TOTAL : TOTAL * 1000L / elapsedMs, store.seriesCount());
  }
}
