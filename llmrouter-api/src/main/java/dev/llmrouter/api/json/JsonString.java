package dev.llmrouter.api.json;

import java.util.Objects;

/** An immutable JSON string. */
public record JsonString(String value) implements JsonValue {
  public JsonString {
    Objects.requireNonNull(value, "value");
  }

  public static JsonString of(String value) {
    return new JsonString(value);
  }

  @Override
  public JsonValue copy() {
    return this;
  }

  @Override
  public String toString() {
    return toJson();
  }
}
