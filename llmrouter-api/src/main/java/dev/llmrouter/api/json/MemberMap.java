package dev.llmrouter.api.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The members of a {@link JsonObject}: an insertion-ordered map kept in two parallel arrays, which
 * costs far less than a {@code LinkedHashMap} for the small objects JSON is mostly made of. Lookups
 * scan the names while there are few of them and use a hash index beyond {@link #INDEX_FROM}.
 * Behaves like a {@code LinkedHashMap}: {@code put} keeps an existing member's position, views are
 * live, iterators are fail-fast and support {@code remove}. Not thread-safe.
 */
final class MemberMap extends AbstractMap<String, JsonValue> {
  /** From this many members on, lookups go through a hash index. */
  private static final int INDEX_FROM = 12;
  private static final String[] NO_NAMES = {};
  private static final JsonValue[] NO_VALUES = {};

  private String[] names = NO_NAMES;
  private JsonValue[] values = NO_VALUES;
  private int size;
  private int modCount;
  private HashMap<String, Integer> index;
  private Set<Map.Entry<String, JsonValue>> entrySet;

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  String nameAt(int i) {
    return names[i];
  }

  JsonValue valueAt(int i) {
    return values[i];
  }

  int indexOf(Object name) {
    if (index != null) {
      Integer i = index.get(name);
      return i == null ? -1 : i;
    }
    String[] n = names;
    if (name == null) {
      for (int i = 0; i < size; i++) if (n[i] == null) return i;
      return -1;
    }
    // Few names: comparing them (length first) is cheaper than hashing a freshly parsed name.
    for (int i = 0; i < size; i++) {
      String k = n[i];
      if (k == name || (k != null && k.equals(name))) return i;
    }
    return -1;
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public JsonValue get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public JsonValue put(String name, JsonValue value) {
    int i = indexOf(name);
    if (i >= 0) {
      JsonValue old = values[i];
      values[i] = value;
      return old;
    }
    append(name, value);
    return null;
  }

  /** Adds a member known to be absent (the parser checks nothing else). */
  private void append(String name, JsonValue value) {
    if (size == names.length) {
      int capacity = size == 0 ? 4 : size * 2;
      names = Arrays.copyOf(names, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    names[size] = name;
    values[size] = value;
    if (index != null) {
      index.put(name, size);
    } else if (size + 1 >= INDEX_FROM) {
      buildIndex(size + 1);
    }
    size++;
    modCount++;
  }

  private void buildIndex(int count) {
    index = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) index.put(names[i], i);
  }

  @Override
  public JsonValue remove(Object name) {
    int i = indexOf(name);
    if (i < 0) return null;
    JsonValue old = values[i];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    int tail = size - i - 1;
    System.arraycopy(names, i + 1, names, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    size--;
    names[size] = null;
    values[size] = null;
    modCount++;
    index = null;
    if (size >= INDEX_FROM) buildIndex(size);
  }

  @Override
  public void clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    index = null;
    modCount++;
  }

  @Override
  public void putAll(Map<? extends String, ? extends JsonValue> m) {
    if (m instanceof MemberMap other) {
      for (int i = 0, n = other.size; i < n; i++) put(other.names[i], other.values[i]);
    } else {
      super.putAll(m);
    }
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super JsonValue> action) {
    int expected = modCount;
    for (int i = 0; i < size && modCount == expected; i++) action.accept(names[i], values[i]);
    if (modCount != expected) throw new ConcurrentModificationException();
  }

  @Override
  public Set<Map.Entry<String, JsonValue>> entrySet() {
    Set<Map.Entry<String, JsonValue>> s = entrySet;
    if (s == null) {
      s = new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, JsonValue>> iterator() {
          return new Entries();
        }

        @Override
        public int size() {
          return size;
        }

        @Override
        public void clear() {
          MemberMap.this.clear();
        }
      };
      entrySet = s;
    }
    return s;
  }

  /** Iterates the members in order; each entry is live until the map changes its structure. */
  private final class Entries implements Iterator<Map.Entry<String, JsonValue>> {
    private int next;
    private int last = -1;
    private int expected = modCount;

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public Map.Entry<String, JsonValue> next() {
      if (modCount != expected) throw new ConcurrentModificationException();
      if (next >= size) throw new NoSuchElementException();
      last = next++;
      return new Member(last, expected);
    }

    @Override
    public void remove() {
      if (last < 0) throw new IllegalStateException();
      if (modCount != expected) throw new ConcurrentModificationException();
      removeAt(last);
      next = last;
      last = -1;
      expected = modCount;
    }
  }

  /** One member seen through an iterator; {@code setValue} writes through to the map. */
  private final class Member implements Map.Entry<String, JsonValue> {
    private final int i;
    private final int version;
    private final String name;
    private JsonValue value;

    Member(int i, int version) {
      this.i = i;
      this.version = version;
      this.name = names[i];
      this.value = values[i];
    }

    @Override
    public String getKey() {
      return name;
    }

    @Override
    public JsonValue getValue() {
      return value;
    }

    @Override
    public JsonValue setValue(JsonValue v) {
      if (modCount != version) throw new ConcurrentModificationException();
      JsonValue old = value;
      values[i] = v;
      value = v;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e && Objects.equals(name, e.getKey()) && Objects.equals(value, e.getValue());
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(name) ^ Objects.hashCode(value);
    }

    @Override
    public String toString() {
      return name + "=" + value;
    }
  }
}
