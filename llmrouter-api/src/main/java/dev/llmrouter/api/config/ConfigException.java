package dev.llmrouter.api.config;

/**
 * A channel configuration that cannot be used. {@link #field()} names the offending member as a
 * path such as {@code upstream[2].baseUrl}, or {@code $} for the file as a whole. The message is
 * {@code field + ": " + reason}.
 */
public final class ConfigException extends RuntimeException {
  /** The offending member's path. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the offending member's path, or {@code $}
   * @param message the reason, naming the bad value where useful (never a whole key)
   */
  public ConfigException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /**
   * Creates the exception with its cause.
   *
   * @param field the offending member's path, or {@code $}
   * @param message the reason, naming the bad value where useful (never a whole key)
   * @param cause the underlying failure, such as a JSON syntax error
   */
  public ConfigException(String field, String message, Throwable cause) {
    super(field + ": " + message, cause);
    this.field = field;
  }

  /** {@return the offending member's path, such as {@code upstream[2].baseUrl}, or {@code $}} */
  public String field() {
    return field;
  }

  /** {@return the message without the field prefix} */
  public String reason() {
    String m = getMessage();
    return m.substring(field.length() + 2);
  }
}
