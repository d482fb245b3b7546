package dev.llmrouter.server.history;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The timing and token columns that both history tables ({@link HistorySchema#TABLE} and
 * {@link RequestLogSchema#TABLE}) keep for an attempt, always together and in this order:
 * {@code first_byte_ms, total_ms, input_tokens, output_tokens, cache_read_tokens,
 * cache_creation_tokens}. Stateless.
 */
final class AttemptColumns {
  private AttemptColumns() {}

  /** Their definitions inside a {@code CREATE TABLE}, each followed by a comma and a space. */
  static final String DDL = "first_byte_ms INTEGER NOT NULL DEFAULT -1, "
      + "total_ms INTEGER NOT NULL DEFAULT 0, "
      + "input_tokens INTEGER NOT NULL DEFAULT 0, "
      + "output_tokens INTEGER NOT NULL DEFAULT 0, "
      + "cache_read_tokens INTEGER NOT NULL DEFAULT 0, "
      + "cache_creation_tokens INTEGER NOT NULL DEFAULT 0, ";

  /**
   * Binds the six columns from parameter {@code first} on: milliseconds to the first byte (-1 when
   * none came), in all, and the four token counts.
   *
   * @param ps the insert statement
   * @param first the index of the {@code first_byte_ms} parameter
   * @param o the attempt
   * @param u the attempt's usage, never null
   * @throws SQLException from the driver
   */
  static void bind(PreparedStatement ps, int first, AttemptOutcome o, Usage u) throws SQLException {
    ps.setLong(first, o.firstByteNanos() < 0 ? -1 : o.firstByteNanos() / 1_000_000L);
    ps.setLong(first + 1, o.totalNanos() / 1_000_000L);
    ps.setLong(first + 2, u.inputTokens());
    ps.setLong(first + 3, u.outputTokens());
    ps.setLong(first + 4, u.cacheReadTokens());
    ps.setLong(first + 5, u.cacheCreationTokens());
  }
}
