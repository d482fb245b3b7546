package dev.llmrouter.server.history;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes and reads {@link RequestLogSchema#TABLE}. Stateless. */
final class RequestLogRows {
  private RequestLogRows() {}

  /**
   * Adds an attempt to {@code ps} (prepared from {@link RequestLogSchema#INSERT}) as one batch row,
   * when it carries a request id (the others are not part of the request log).
   *
   * @return true when a row was added
   */
  static boolean add(PreparedStatement ps, AttemptOutcome o) throws SQLException {
    if (o.requestId() == null) return false;
    Usage u = o.usage() == null ? Usage.NONE : o.usage();
    ps.setString(1, o.requestId());
    ps.setString(2, o.kind().pathName());
    ps.setLong(3, o.at().toEpochMilli());
    ps.setString(4, o.model() == null ? "" : o.model());
    ps.setString(5, o.channelId() == null ? "" : o.channelId());
    ps.setString(6, o.channelName() == null ? "" : o.channelName());
    ps.setString(7, o.keyMask() == null ? "" : o.keyMask());
    ps.setInt(8, o.status());
    ps.setString(9, o.result().name());
    ps.setString(10, o.detail());
    AttemptColumns.bind(ps, 11, o, u);
    ps.setInt(17, o.streamed() ? 1 : 0);
    ps.addBatch();
    return true;
  }

  static int deleteOlder(Connection c, long cutoffMs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RequestLogSchema.DELETE_OLDER)) {
      ps.setLong(1, cutoffMs);
      return ps.executeUpdate();
    }
  }

  static int deleteChannel(Connection c, String kind, String channelId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RequestLogSchema.DELETE_CHANNEL)) {
      ps.setString(1, kind);
      ps.setString(2, channelId);
      return ps.executeUpdate();
    }
  }

  /** A page of the newest attempts matching the query. */
  static List<RequestAttempt> page(Connection c, RequestQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(RequestLogSchema.COLUMNS).append(" FROM ")
        .append(RequestLogSchema.TABLE).append(" WHERE api_type = ?");
    List<Object> args = new ArrayList<>();
    args.add(q.kind().pathName());
    if (q.channel() != null) {
      sql.append(" AND (channel_id = ? OR channel_name = ?)");
      args.add(q.channel());
      args.add(q.channel());
    }
    if (q.status() != null) {
      String s = q.status().strip();
      if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
        sql.append(" AND status = ?");
        args.add(Integer.parseInt(s));
      } else {
        sql.append(" AND result = ?");
        args.add(s.toUpperCase(Locale.ROOT));
      }
    }
    if (q.sinceMs() > 0) {
      sql.append(" AND timestamp_ms >= ?");
      args.add(q.sinceMs());
    }
    if (q.beforeSeq() > 0) {
      sql.append(" AND id < ?");
      args.add(q.beforeSeq());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(q.limit());
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Integer n) ps.setInt(i + 1, n);
        else if (a instanceof Long n) ps.setLong(i + 1, n);
        else ps.setString(i + 1, (String) a);
      }
      return read(ps);
    }
  }

  /** Every attempt of one request, oldest first. */
  static List<RequestAttempt> request(Connection c, String kind, String requestId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RequestLogSchema.BY_REQUEST)) {
      ps.setString(1, kind);
      ps.setString(2, requestId);
      return read(ps);
    }
  }

  private static List<RequestAttempt> read(PreparedStatement ps) throws SQLException {
    List<RequestAttempt> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new RequestAttempt(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
            rs.getString(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
            rs.getLong(17), rs.getInt(18) != 0));
      }
    }
    return out;
  }
}
