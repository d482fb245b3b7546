package dev.llmrouter.server.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads latency per time bucket from {@link HistorySchema#TABLE}: the range is scanned through the
 * timestamp index, newest first, at most {@link #MAX_ROWS} rows; rows are bucketed and their
 * percentiles computed here. Stateless.
 */
final class LatencyRows {
  private LatencyRows() {}

  /** The most rows read for one answer (about 1.6 MB of figures). */
  static final int MAX_ROWS = 200_000;

  private static final String SELECT = "SELECT timestamp_ms, total_ms FROM " + HistorySchema.TABLE
      + " INDEXED BY idx_attempt_outcomes_timestamp WHERE timestamp_ms >= ? AND timestamp_ms < ? AND api_type = ?"
      + " AND result <> 'CANCELLED'";

  /**
   * Reads the buckets {@code [startMs + i * intervalMs, startMs + (i + 1) * intervalMs)}.
   *
   * @param channelId one channel's rows, or null for every channel of the kind
   */
  static LatencyBuckets read(Connection c, String kind, String channelId, long startMs, long intervalMs, int count)
      throws SQLException {
    long[][] values = new long[count][];
    int[] sizes = new int[count];
    int read = 0;
    boolean complete = true;
    String sql = SELECT + (channelId == null ? "" : " AND channel_id = ?") + " ORDER BY timestamp_ms DESC LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, startMs);
      ps.setLong(i++, startMs + intervalMs * count);
      ps.setString(i++, kind);
      if (channelId != null) ps.setString(i++, channelId);
      ps.setInt(i, MAX_ROWS + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (read == MAX_ROWS) {
            complete = false;
            break;
          }
          read++;
          int b = (int) ((rs.getLong(1) - startMs) / intervalMs);
          if (b < 0 || b >= count) continue;
          if (values[b] == null) values[b] = new long[16];
          if (sizes[b] == values[b].length) values[b] = Arrays.copyOf(values[b], sizes[b] * 2);
          values[b][sizes[b]++] = Math.max(0, rs.getLong(2));
        }
      }
    }
    List<LatencyBuckets.Bucket> buckets = new ArrayList<>(count);
    long[] all = new long[read];
    int n = 0;
    for (int b = 0; b < count; b++) {
      long[] v = values[b] == null ? new long[0] : Arrays.copyOf(values[b], sizes[b]);
      System.arraycopy(v, 0, all, n, v.length);
      n += v.length;
      buckets.add(bucket(v));
    }
    return new LatencyBuckets(buckets, bucket(Arrays.copyOf(all, n)), complete);
  }

  private static LatencyBuckets.Bucket bucket(long[] v) {
    if (v.length == 0) return new LatencyBuckets.Bucket(0, -1, -1);
    Arrays.sort(v);
    return new LatencyBuckets.Bucket(v.length, percentile(v, 0.50), percentile(v, 0.95));
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.max(1, Math.ceil(p * sorted.length));
    return sorted[rank - 1];
  }
}
