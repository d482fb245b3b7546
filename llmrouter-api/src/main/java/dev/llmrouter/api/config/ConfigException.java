package dev.llmrouter.api.config;

/**
 * A channel configuration that cannot be used. {@link #field()} names the offending member as a
 * path such as {@code upstream[2].baseUrl}, or {@code $} for the file as a whole.
 */
public final class ConfigException extends RuntimeException {
  private final String field;

  public ConfigException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public ConfigException(String field, String message, Throwable cause) {
    super(field + ": " + message, cause);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    String m = getMessage();
    return m.substring(field.length() + 2);
  }
}
