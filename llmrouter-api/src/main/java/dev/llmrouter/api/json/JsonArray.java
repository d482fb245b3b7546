package dev.llmrouter.api.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A JSON array. Mutable; not thread-safe, owned by one thread at a time. Never holds a Java
 * {@code null}: JSON null is {@link JsonNull#INSTANCE}.
 */
public final class JsonArray implements JsonValue, Iterable<JsonValue> {
  private final List<JsonValue> items;

  /** Creates an empty array. */
  public JsonArray() {
    this.items = new ArrayList<>();
  }

  /**
   * Creates an array holding the given items (the list is copied, the items are not).
   *
   * @param items the items; must not contain null
   */
  public JsonArray(List<? extends JsonValue> items) {
    this.items = new ArrayList<>(items);
  }

  /**
   * Creates an array holding the given items.
   *
   * @param values the items
   * @return the new array
   * @throws NullPointerException when an item is null
   */
  public static JsonArray of(JsonValue... values) {
    return new JsonArray(List.of(values));
  }

  /** {@return the number of items} */
  public int size() {
    return items.size();
  }

  /** {@return true when the array has no item} */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /**
   * Returns an item.
   *
   * @param index from 0 to {@link #size()} - 1
   * @return the item
   * @throws IndexOutOfBoundsException when {@code index} is out of range
   */
  public JsonValue get(int index) {
    return items.get(index);
  }

  /**
   * Appends an item.
   *
   * @param value the item; null appends JSON null
   * @return this array
   */
  public JsonArray add(JsonValue value) {
    items.add(value == null ? JsonNull.INSTANCE : value);
    return this;
  }

  /**
   * Appends a string.
   *
   * @param value the text; null appends JSON null
   * @return this array
   */
  public JsonArray add(String value) {
    return add(value == null ? JsonNull.INSTANCE : new JsonString(value));
  }

  /**
   * Removes an item.
   *
   * @param index from 0 to {@link #size()} - 1
   * @return the removed item
   * @throws IndexOutOfBoundsException when {@code index} is out of range
   */
  public JsonValue remove(int index) {
    return items.remove(index);
  }

  /**
   * Replaces an item.
   *
   * @param index from 0 to {@link #size()} - 1
   * @param value the new item; must not be null (use {@link JsonNull#INSTANCE})
   * @throws IndexOutOfBoundsException when {@code index} is out of range
   */
  public void set(int index, JsonValue value) {
    items.set(index, value);
  }

  /** {@return the live item list; changes to it change this array} */
  public List<JsonValue> items() {
    return items;
  }

  @Override
  public Iterator<JsonValue> iterator() {
    return items.iterator();
  }

  /** {@return a deep copy} */
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

  /** {@return the compact JSON text} */
  @Override
  public String toString() {
    return toJson();
  }
}
