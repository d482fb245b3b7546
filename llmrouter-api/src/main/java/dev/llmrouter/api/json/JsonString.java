package dev.llmrouter.api.json;

import java.util.Objects;

/**
 * An immutable JSON string.
 *
 * @param value the decoded text, without quotes or escapes
 */
public record JsonString(String value) implements JsonValue {
  /**
   * Validates the value.
   *
   * @param value the decoded text, without quotes or escapes
   * @throws NullPointerException when {@code value} is null
   */
  public JsonString {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Wraps a string.
   *
   * @param value the text
   * @return the JSON string
   * @throws NullPointerException when {@code value} is null
   */
  public static JsonString of(String value) {
    return new JsonString(value);
  }

  @Override
  public JsonValue copy() {
    return this;
  }

  /** {@return the value as quoted, escaped JSON text} */
  @Override
  public String toString() {
    return toJson();
  }
}
