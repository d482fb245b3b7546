package dev.llmrouter.api.json;

/** The JSON {@code null} literal. Immutable; there is one instance. */
public final class JsonNull implements JsonValue {
  /** The one instance. */
  public static final JsonNull INSTANCE = new JsonNull();

  private JsonNull() {}

  @Override
  public JsonValue copy() {
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonNull;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "null";
  }
}
