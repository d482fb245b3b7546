package dev.llmrouter.api.json;

import java.util.Map;
import java.util.Set;

/**
 * A JSON object that keeps member order. Mutable; not thread-safe, owned by one thread at a time.
 * Never holds a Java {@code null} value: JSON null is {@link JsonNull#INSTANCE}.
 */
public final class JsonObject implements JsonValue {
  private final MemberMap members = new MemberMap();

  /** Creates an empty object. */
  public JsonObject() {}

  /**
   * Creates an object with one member.
   *
   * @param k1 the name
   * @param v1 the value; null leaves the member out
   * @return the new object
   */
  public static JsonObject of(String k1, JsonValue v1) {
    return new JsonObject().put(k1, v1);
  }

  /**
   * Creates an object with two members, in order.
   *
   * @param k1 the first name
   * @param v1 the first value; null leaves the member out
   * @param k2 the second name
   * @param v2 the second value; null leaves the member out
   * @return the new object
   */
  public static JsonObject of(String k1, JsonValue v1, String k2, JsonValue v2) {
    return new JsonObject().put(k1, v1).put(k2, v2);
  }

  /** {@return the number of members} */
  public int size() {
    return members.size();
  }

  /** {@return true when the object has no member} */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  /**
   * Tells whether a member is present; a JSON null member is present.
   *
   * @param name the member name
   * @return true when present
   */
  public boolean has(String name) {
    return members.containsKey(name);
  }

  /**
   * Returns a member.
   *
   * @param name the member name
   * @return the value, or null when absent (a JSON null member is {@link JsonNull})
   */
  public JsonValue get(String name) {
    return members.get(name);
  }

  /**
   * Returns an object member.
   *
   * @param name the member name
   * @return the live object, or null when absent or not an object
   */
  public JsonObject getObject(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonObject o ? o : null;
  }

  /**
   * Returns an array member.
   *
   * @param name the member name
   * @return the live array, or null when absent or not an array
   */
  public JsonArray getArray(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonArray a ? a : null;
  }

  /**
   * Returns a string member.
   *
   * @param name the member name
   * @return the text, or null when absent or not a string
   */
  public String getString(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonString s ? s.value() : null;
  }

  /**
   * Returns a string member, or a fallback.
   *
   * @param name the member name
   * @param fallback returned when the member is absent or not a string
   * @return the text or the fallback
   */
  public String getString(String name, String fallback) {
    String s = getString(name);
    return s == null ? fallback : s;
  }

  /**
   * Returns a number member.
   *
   * @param name the member name
   * @return the number, or null when absent or not a number
   */
  public JsonNumber getNumber(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonNumber n ? n : null;
  }

  /**
   * Returns a number member as a long (a fraction is truncated), or a fallback.
   *
   * @param name the member name
   * @param fallback returned when the member is absent or not a number
   * @return the value or the fallback
   */
  public long getLong(String name, long fallback) {
    JsonNumber n = getNumber(name);
    return n == null ? fallback : n.longValue();
  }

  /**
   * Returns a boolean member.
   *
   * @param name the member name
   * @return the value, or null when absent or not a boolean
   */
  public Boolean getBoolean(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonBoolean b ? b.value() : null;
  }

  /**
   * Returns a boolean member, or a fallback.
   *
   * @param name the member name
   * @param fallback returned when the member is absent or not a boolean
   * @return the value or the fallback
   */
  public boolean getBoolean(String name, boolean fallback) {
    Boolean b = getBoolean(name);
    return b == null ? fallback : b;
  }

  /**
   * Sets a member; a null value removes it. Keeps the member's position when it exists, else
   * appends it.
   *
   * @param name the member name
   * @param value the value, or null to remove
   * @return this object
   */
  public JsonObject put(String name, JsonValue value) {
    if (value == null) {
      members.remove(name);
    } else {
      members.put(name, value);
    }
    return this;
  }

  /**
   * Sets a string member; a null value removes it.
   *
   * @param name the member name
   * @param value the text, or null to remove
   * @return this object
   */
  public JsonObject put(String name, String value) {
    return put(name, value == null ? null : new JsonString(value));
  }

  /**
   * Sets a number member.
   *
   * @param name the member name
   * @param value the number
   * @return this object
   */
  public JsonObject put(String name, long value) {
    return put(name, JsonNumber.of(value));
  }

  /**
   * Sets a boolean member.
   *
   * @param name the member name
   * @param value the boolean
   * @return this object
   */
  public JsonObject put(String name, boolean value) {
    return put(name, JsonBoolean.of(value));
  }

  /**
   * Removes a member.
   *
   * @param name the member name
   * @return the removed value, or null when absent
   */
  public JsonValue remove(String name) {
    return members.remove(name);
  }

  /** {@return the live set of member names, in order; removing from it removes members} */
  public Set<String> names() {
    return members.keySet();
  }

  /** {@return the live member map, in order; changes to it change this object} */
  public Map<String, JsonValue> members() {
    return members;
  }

  /** {@return the member storage, for the writer's indexed walk} */
  MemberMap memberMap() {
    return members;
  }

  /** {@return a deep copy} */
  @Override
  public JsonObject copy() {
    JsonObject copy = new JsonObject();
    for (int i = 0, n = members.size(); i < n; i++) {
      JsonValue v = members.valueAt(i);
      copy.members.put(members.nameAt(i), v == null ? null : v.copy());
    }
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject other && other.members.equals(members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  /** {@return the compact JSON text} */
  @Override
  public String toString() {
    return toJson();
  }
}
