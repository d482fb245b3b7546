package dev.llmrouter.api.json;

/**
 * An immutable JSON boolean.
 *
 * @param value the boolean
 */
public record JsonBoolean(boolean value) implements JsonValue {
  /** JSON {@code true}. */
  public static final JsonBoolean TRUE = new JsonBoolean(true);
  /** JSON {@code false}. */
  public static final JsonBoolean FALSE = new JsonBoolean(false);

  /**
   * Returns the shared instance for a boolean.
   *
   * @param value the boolean
   * @return {@link #TRUE} or {@link #FALSE}
   */
  public static JsonBoolean of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public JsonValue copy() {
    return this;
  }

  @Override
  public String toString() {
    return Boolean.toString(value);
  }
}
