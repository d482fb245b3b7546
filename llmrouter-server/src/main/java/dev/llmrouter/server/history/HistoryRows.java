package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Maps outcomes to rows of {@link HistorySchema#TABLE} and back. Stateless. */
final class HistoryRows {
  private HistoryRows() {}

  /** Binds one outcome to {@link HistorySchema#INSERT}. */
  static void bind(PreparedStatement ps, AttemptOutcome o) throws SQLException {
    Usage u = o.usage() == null ? Usage.NONE : o.usage();
    ps.setString(1, o.kind().pathName());
    ps.setString(2, o.channelId() == null ? "" : o.channelId());
    ps.setString(3, o.channelName() == null ? "" : o.channelName());
    ps.setString(4, o.baseUrl() == null ? "" : o.baseUrl());
    ps.setString(5, o.keyFingerprint() == null ? "" : o.keyFingerprint());
    ps.setString(6, o.keyMask() == null ? "" : o.keyMask());
    ps.setString(7, o.model() == null ? "" : o.model());
    ps.setInt(8, o.status());
    ps.setString(9, o.result().name());
    ps.setLong(10, o.at().toEpochMilli());
    AttemptColumns.bind(ps, 11, o, u);
    ps.setInt(17, u.estimated() ? 1 : 0);
    ps.setInt(18, o.streamed() ? 1 : 0);
  }

  /**
   * Rebuilds a store: rows before {@code cutoffMs} as counters, later rows replayed in order.
   *
   * @return the number of rows read
   */
  static int restore(Connection c, MetricsStore store, long cutoffMs) throws SQLException {
    int rows = 0;
    try (PreparedStatement ps = c.prepareStatement(HistorySchema.OLD_TOTALS)) {
      ps.setLong(1, cutoffMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ApiKind kind = ApiKind.ofPathName(rs.getString(1));
          if (kind == null) continue;
          long lastSuccess = rs.getLong(11);
          if (rs.wasNull()) lastSuccess = Long.MIN_VALUE;
          long lastFailure = rs.getLong(12);
          if (rs.wasNull()) lastFailure = Long.MIN_VALUE;
          store.restoreTotals(kind, rs.getString(2), rs.getString(4), emptyToNull(rs.getString(3)),
              rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
              lastSuccess, lastFailure);
          rows += rs.getInt(6);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(HistorySchema.RECENT)) {
      ps.setLong(1, cutoffMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AttemptOutcome o = outcome(rs);
          if (o != null) store.restore(o);
          rows++;
        }
      }
    }
    return rows;
  }

  private static AttemptOutcome outcome(ResultSet rs) throws SQLException {
    ApiKind kind = ApiKind.ofPathName(rs.getString(1));
    AttemptOutcome.Result result;
    try {
      result = AttemptOutcome.Result.valueOf(rs.getString(9));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (kind == null) return null;
    long firstByteMs = rs.getLong(11);
    Usage usage = new Usage(rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16), 0, rs.getInt(17) != 0);
    return new AttemptOutcome(kind, rs.getString(2), rs.getString(3), rs.getString(4), emptyToNull(rs.getString(5)),
        rs.getString(6), rs.getString(7), rs.getInt(8), result, firstByteMs < 0 ? -1 : firstByteMs * 1_000_000L,
        rs.getLong(12) * 1_000_000L, usage, rs.getInt(18) != 0, Instant.ofEpochMilli(rs.getLong(10)), null);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
