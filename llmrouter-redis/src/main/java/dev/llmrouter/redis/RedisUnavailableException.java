package dev.llmrouter.redis;

/** Redis did not answer (unreachable, or slower than the command timeout); the caller uses its own state. */
public final class RedisUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
