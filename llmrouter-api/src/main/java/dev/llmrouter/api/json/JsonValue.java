package dev.llmrouter.api.json;

/**
 * A node of a lossless JSON tree. Numbers keep their original text, objects keep their member
 * order, and nothing is coerced, so a tree parsed by {@link Json#parse} and written back by
 * {@link Json#write} yields the same JSON value.
 *
 * <p>{@link JsonObject} and {@link JsonArray} are mutable builders owned by one thread at a time;
 * the leaf types are immutable.
 */
public sealed interface JsonValue
    permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

  /** {@return this value as an object, or null when it is not one} */
  default JsonObject asObject() {
    return this instanceof JsonObject o ? o : null;
  }

  /** {@return this value as an array, or null when it is not one} */
  default JsonArray asArray() {
    return this instanceof JsonArray a ? a : null;
  }

  /** {@return the string value, or null when this is not a string} */
  default String asString() {
    return this instanceof JsonString s ? s.value() : null;
  }

  /** {@return true when this value is JSON {@code null}} */
  default boolean isNull() {
    return this instanceof JsonNull;
  }

  /** {@return a deep copy; leaves are shared because they are immutable} */
  JsonValue copy();

  /** {@return the compact JSON text of this value} */
  default String toJson() {
    return Json.writeString(this);
  }
}
