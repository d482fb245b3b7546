package dev.llmrouter.api.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A JSON object that keeps member order. Mutable; not thread-safe. */
public final class JsonObject implements JsonValue {
  private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

  public JsonObject() {}

  public static JsonObject of(String k1, JsonValue v1) {
    return new JsonObject().put(k1, v1);
  }

  public static JsonObject of(String k1, JsonValue v1, String k2, JsonValue v2) {
    return new JsonObject().put(k1, v1).put(k2, v2);
  }

  public int size() {
    return members.size();
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  public boolean has(String name) {
    return members.containsKey(name);
  }

  /** Returns the member, or null when absent (a JSON null member is {@link JsonNull}). */
  public JsonValue get(String name) {
    return members.get(name);
  }

  public JsonObject getObject(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonObject o ? o : null;
  }

  public JsonArray getArray(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonArray a ? a : null;
  }

  /** Returns the string member, or null when absent or not a string. */
  public String getString(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonString s ? s.value() : null;
  }

  public String getString(String name, String fallback) {
    String s = getString(name);
    return s == null ? fallback : s;
  }

  /** Returns the number member, or null when absent or not a number. */
  public JsonNumber getNumber(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonNumber n ? n : null;
  }

  public long getLong(String name, long fallback) {
    JsonNumber n = getNumber(name);
    return n == null ? fallback : n.longValue();
  }

  public Boolean getBoolean(String name) {
    JsonValue v = members.get(name);
    return v instanceof JsonBoolean b ? b.value() : null;
  }

  public boolean getBoolean(String name, boolean fallback) {
    Boolean b = getBoolean(name);
    return b == null ? fallback : b;
  }

  /** Sets a member; a null value removes it. Keeps the member's position when it exists. */
  public JsonObject put(String name, JsonValue value) {
    if (value == null) {
      members.remove(name);
    } else {
      members.put(name, value);
    }
    return this;
  }

  public JsonObject put(String name, String value) {
    return put(name, value == null ? null : new JsonString(value));
  }

  public JsonObject put(String name, long value) {
    return put(name, JsonNumber.of(value));
  }

  public JsonObject put(String name, boolean value) {
    return put(name, JsonBoolean.of(value));
  }

  public JsonValue remove(String name) {
    return members.remove(name);
  }

  public Set<String> names() {
    return members.keySet();
  }

  /** The live member map, in order. */
  public Map<String, JsonValue> members() {
    return members;
  }

  @Override
  public JsonObject copy() {
    JsonObject copy = new JsonObject();
    members.forEach((k, v) -> copy.members.put(k, v.copy()));
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

  @Override
  public String toString() {
    return toJson();
  }
}
