package dev.llmrouter.server.history;

/**
 * The request log in the history file: one row per upstream attempt that carries a request id,
 * with the failure reason, so that the attempts of one request can be read back in order. Keys
 * only as their mask. Indexed by kind and time (the newest first), by channel and by request id.
 */
final class RequestLogSchema {
  private RequestLogSchema() {}

  static final String TABLE = "request_attempts";

  static final String[] CREATE = {
      "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
          + "request_id TEXT NOT NULL, "
          + "api_type TEXT NOT NULL, "
          + "timestamp_ms INTEGER NOT NULL, "
          + "model TEXT NOT NULL DEFAULT '', "
          + "channel_id TEXT NOT NULL DEFAULT '', "
          + "channel_name TEXT NOT NULL DEFAULT '', "
          + "key_mask TEXT NOT NULL DEFAULT '', "
          + "status INTEGER NOT NULL DEFAULT 0, "
          + "result TEXT NOT NULL, "
          + "reason TEXT, "
          + AttemptColumns.DDL
          + "streamed INTEGER NOT NULL DEFAULT 0)",
      "CREATE INDEX IF NOT EXISTS idx_request_attempts_kind_time ON " + TABLE + "(api_type, id)",
      "CREATE INDEX IF NOT EXISTS idx_request_attempts_timestamp ON " + TABLE + "(timestamp_ms)",
      "CREATE INDEX IF NOT EXISTS idx_request_attempts_request ON " + TABLE + "(request_id)",
      "CREATE INDEX IF NOT EXISTS idx_request_attempts_channel ON " + TABLE + "(api_type, channel_id, id)"
  };

  static final String INSERT = "INSERT INTO " + TABLE + " (request_id, api_type, timestamp_ms, model, channel_id, "
      + "channel_name, key_mask, status, result, reason, first_byte_ms, total_ms, input_tokens, output_tokens, "
      + "cache_read_tokens, cache_creation_tokens, streamed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String DELETE_OLDER = "DELETE FROM " + TABLE + " WHERE timestamp_ms < ?";

  static final String DELETE_CHANNEL = "DELETE FROM " + TABLE + " WHERE api_type = ? AND channel_id = ?";

  static final String COLUMNS = "id, request_id, api_type, timestamp_ms, model, channel_id, channel_name, key_mask, "
      + "status, result, reason, first_byte_ms, total_ms, input_tokens, output_tokens, cache_read_tokens, "
      + "cache_creation_tokens, streamed";

  /** The attempts of one request, in the order they were made. */
  static final String BY_REQUEST = "SELECT " + COLUMNS + " FROM " + TABLE
      + " WHERE api_type = ? AND request_id = ? ORDER BY id LIMIT 1000";
}
