package dev.llmrouter.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latency per bucket read from the history table: exact percentiles, filters, the index and the row bound. */
class LatencyRowsTest {
  private static final long T0 = 1_764_320_400_000L; // a whole minute
  @TempDir Path dir;

  private Connection open() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("h.db"));
    try (Statement s = c.createStatement()) {
      for (String ddl : HistorySchema.CREATE) s.execute(ddl);
    }
    return c;
  }

  /** Inserts {@code n} rows of one minute: total_ms = first + i for i in [0, n). */
  private static void rows(Connection c, String kind, String channel, String result, long minute, long first, int n)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s"
        + " WHERE i < ?) INSERT INTO " + HistorySchema.TABLE + " (api_type, channel_id, result, timestamp_ms, total_ms)"
        + " SELECT ?, ?, ?, ? + (i % 60000), ? + i FROM s")) {
      ps.setInt(1, n - 1);
      ps.setString(2, kind);
      ps.setString(3, channel);
      ps.setString(4, result);
      ps.setLong(5, T0 + minute * 60_000L);
      ps.setLong(6, first);
      ps.executeUpdate();
    }
  }

  @Test
  void nearestRankPercentilesPerBucketForAKindOrAChannel() throws Exception {
    try (Connection c = open()) {
      rows(c, "messages", "a", "SUCCESS", 0, 1, 100); // 1..100 ms
      rows(c, "messages", "b", "FAILURE", 2, 1000, 20); // 1000..1019 ms
      rows(c, "messages", "b", "CANCELLED", 2, 9000, 5); // left out
      rows(c, "gemini", "a", "SUCCESS", 0, 5000, 5); // another kind
      LatencyBuckets all = LatencyRows.read(c, "messages", null, T0, 60_000L, 3);
      assertTrue(all.complete());
      assertEquals(new LatencyBuckets.Bucket(100, 50, 95), all.buckets().get(0));
      assertEquals(new LatencyBuckets.Bucket(0, -1, -1), all.buckets().get(1));
      assertEquals(new LatencyBuckets.Bucket(20, 1009, 1018), all.buckets().get(2));
      assertEquals(new LatencyBuckets.Bucket(120, 60, 1013), all.all());
      LatencyBuckets b = LatencyRows.read(c, "messages", "b", T0, 60_000L, 3);
      assertEquals(0, b.buckets().get(0).count());
      assertEquals(new LatencyBuckets.Bucket(20, 1009, 1018), b.buckets().get(2));
      // Rows outside the buckets are not read.
      assertEquals(0, LatencyRows.read(c, "messages", null, T0 + 60_000L, 60_000L, 1).all().count());
    }
  }

  @Test
  void theRangeIsReadThroughTheTimestampIndexAndBounded() throws Exception {
    try (Connection c = open()) {
      rows(c, "messages", "a", "SUCCESS", 0, 7, 10);
      rows(c, "messages", "a", "SUCCESS", 1, 3, LatencyRows.MAX_ROWS);
      LatencyBuckets r = LatencyRows.read(c, "messages", "a", T0, 60_000L, 2);
      assertFalse(r.complete(), "more rows than are read at once");
      assertEquals(0, r.buckets().get(0).count(), "the oldest rows are the ones left out");
      assertEquals(LatencyRows.MAX_ROWS, r.buckets().get(1).count());
      try (Statement s = c.createStatement();
          ResultSet plan = s.executeQuery("EXPLAIN QUERY PLAN SELECT timestamp_ms FROM " + HistorySchema.TABLE
              + " INDEXED BY idx_attempt_outcomes_timestamp WHERE timestamp_ms >= 0 AND timestamp_ms < 1")) {
        StringBuilder text = new StringBuilder();
        while (plan.next()) text.append(plan.getString(4));
        assertTrue(text.toString().contains("idx_attempt_outcomes_timestamp"), text.toString());
      }
    }
  }
}
