package dev.llmrouter.api.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A JSON array. Mutable; not thread-safe. */
public final class JsonArray implements JsonValue, Iterable<JsonValue> {
  private final List<JsonValue> items;

  public JsonArray() {
    this.items = new ArrayList<>();
  }

  public JsonArray(List<? extends JsonValue> items) {
    this.items = new ArrayList<>(items);
  }

  public static JsonArray of(JsonValue... values) {
    return new JsonArray(List.of(values));
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public JsonValue get(int index) {
    return items.get(index);
  }

  public JsonArray add(JsonValue value) {
    items.add(value == null ? JsonNull.INSTANCE : value);
    return this;
  }

  public JsonArray add(String value) {
    return add(value == null ? JsonNull.INSTANCE : new JsonString(value));
  }

  public JsonValue remove(int index) {
    return items.remove(index);
  }

  public void set(int index, JsonValue value) {
    items.set(index, value);
  }

  /** The live element list. */
  public List<JsonValue> items() {
    return items;
  }

  @Override
  public Iterator<JsonValue> iterator() {
    return items.iterator();
  }

  @Override
  public JsonArray copy() {
    JsonArray copy = new JsonArray();
    for (JsonValue v : items) copy.items.add(v.copy());
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonArray a && a.items.equals(items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
