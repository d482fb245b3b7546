package dev.llmrouter.server.history;

/**
 * The SQLite schema of the metrics history: one row per upstream attempt. Keys are stored only as
 * fingerprint and mask, never whole. The table has its own name, so an original {@code metrics.db}
 * (table {@code request_records}) in the same place is left alone.
 */
final class HistorySchema {
  private HistorySchema() {}

  static final String TABLE = "attempt_outcomes";

  static final String[] CREATE = {
      "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
          + "api_type TEXT NOT NULL, "
          + "channel_id TEXT NOT NULL, "
          + "channel_name TEXT NOT NULL DEFAULT '', "
          + "base_url TEXT NOT NULL DEFAULT '', "
          + "key_fingerprint TEXT NOT NULL DEFAULT '', "
          + "key_mask TEXT NOT NULL DEFAULT '', "
          + "model TEXT NOT NULL DEFAULT '', "
          + "status INTEGER NOT NULL DEFAULT 0, "
          + "result TEXT NOT NULL, "
          + "timestamp_ms INTEGER NOT NULL, "
          + AttemptColumns.DDL
          + "estimated INTEGER NOT NULL DEFAULT 0, "
          + "streamed INTEGER NOT NULL DEFAULT 0)",
      "CREATE INDEX IF NOT EXISTS idx_attempt_outcomes_timestamp ON " + TABLE + "(timestamp_ms)",
      "CREATE INDEX IF NOT EXISTS idx_attempt_outcomes_channel ON " + TABLE + "(api_type, channel_id)"
  };

  static final String INSERT = "INSERT INTO " + TABLE + " (api_type, channel_id, channel_name, base_url, "
      + "key_fingerprint, key_mask, model, status, result, timestamp_ms, first_byte_ms, total_ms, input_tokens, "
      + "output_tokens, cache_read_tokens, cache_creation_tokens, estimated, streamed) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String DELETE_OLDER = "DELETE FROM " + TABLE + " WHERE timestamp_ms < ?";

  static final String DELETE_CHANNEL = "DELETE FROM " + TABLE + " WHERE api_type = ? AND channel_id = ?";

  /** Counters of rows too old for the in-memory buckets, per kind, channel and key. */
  static final String OLD_TOTALS = "SELECT api_type, channel_id, key_fingerprint, MAX(channel_name), MAX(key_mask), "
      + "COUNT(*), "
      + "SUM(CASE WHEN result = 'SUCCESS' THEN 1 ELSE 0 END), "
      + "SUM(CASE WHEN result IN ('FAILURE', 'CLIENT_ERROR') THEN 1 ELSE 0 END), "
      + "SUM(CASE WHEN result = 'CLIENT_ERROR' THEN 1 ELSE 0 END), "
      + "SUM(CASE WHEN result = 'CANCELLED' THEN 1 ELSE 0 END), "
      + "MAX(CASE WHEN result = 'SUCCESS' THEN timestamp_ms END), "
      + "MAX(CASE WHEN result = 'FAILURE' THEN timestamp_ms END) "
      + "FROM " + TABLE + " WHERE timestamp_ms < ? GROUP BY api_type, channel_id, key_fingerprint";

  static final String RECENT = "SELECT api_type, channel_id, channel_name, base_url, key_fingerprint, key_mask, "
      + "model, status, result, timestamp_ms, first_byte_ms, total_ms, input_tokens, output_tokens, "
      + "cache_read_tokens, cache_creation_tokens, estimated, streamed FROM " + TABLE
      + " WHERE timestamp_ms >= ? ORDER BY timestamp_ms, id";
}
