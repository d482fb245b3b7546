package dev.llmrouter.api.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of HTTP header fields with case-insensitive lookup. Repeated names
 * are kept as separate fields, in order. This class is thread-safe; {@link #toString()} shows
 * names only.
 */
public final class HttpHeaders {
  private static final String[] NONE = new String[0];
  private static final HttpHeaders EMPTY = new HttpHeaders(NONE);

  /** Name, value, name, value, ...: exactly as long as the fields, never changed. */
  private final String[] namesAndValues;

  private HttpHeaders(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /** {@return headers without any field} */
  public static HttpHeaders empty() {
    return EMPTY;
  }

  /**
   * Builds headers from alternating names and values.
   *
   * @param namesAndValues name, value, name, value, ...
   * @return the headers, in the given order
   * @throws IllegalArgumentException when the count of arguments is odd
   */
  public static HttpHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("odd number of names and values");
    Builder b = new Builder(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) b.add(namesAndValues[i], namesAndValues[i + 1]);
    return b.build();
  }

  /** {@return a new empty builder} */
  public static Builder builder() {
    return new Builder(8);
  }

  /**
   * A new empty builder with room for {@code fields} fields before it grows.
   *
   * @param fields how many fields are expected
   * @return the builder
   */
  public static Builder builder(int fields) {
    return new Builder(Math.max(fields, 1));
  }

  /** {@return a builder holding these fields} */
  public Builder toBuilder() {
    Builder b = new Builder(size() + 2);
    System.arraycopy(namesAndValues, 0, b.namesAndValues, 0, namesAndValues.length);
    b.length = namesAndValues.length;
    return b;
  }

  /**
   * These headers with every field of that name (any case) replaced by one, at the end: as {@code
   * toBuilder().set(name, value).build()}, in one copy.
   *
   * @param name the header name
   * @param value the value
   * @return the headers with the field
   */
  public HttpHeaders with(String name, String value) {
    int kept = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!namesAndValues[i].equalsIgnoreCase(name)) kept += 2;
    }
    String[] out = new String[kept + 2];
    int o = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) continue;
      out[o++] = namesAndValues[i];
      out[o++] = namesAndValues[i + 1];
    }
    out[o++] = Objects.requireNonNull(name, "name");
    out[o] = Objects.requireNonNull(value, "value");
    return new HttpHeaders(out);
  }

  /** {@return the number of fields, repeats counted} */
  public int size() {
    return namesAndValues.length / 2;
  }

  /**
   * Returns a field's name as it was given.
   *
   * @param i the field index, from 0 to {@link #size()} - 1
   * @return the name
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   */
  public String name(int i) {
    return namesAndValues[Objects.checkIndex(i, size()) * 2];
  }

  /**
   * Returns a field's value.
   *
   * @param i the field index, from 0 to {@link #size()} - 1
   * @return the value
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   */
  public String value(int i) {
    return namesAndValues[Objects.checkIndex(i, size()) * 2 + 1];
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, any case
   * @return the value, or null when absent
   */
  public String get(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) return namesAndValues[i + 1];
    }
    return null;
  }

  /**
   * Returns every value of a header.
   *
   * @param name the header name, any case
   * @return the values in order (unmodifiable, possibly empty)
   */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) out.add(namesAndValues[i + 1]);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Calls {@code action} with each field's name and value, in order.
   *
   * @param action receives name and value
   */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < namesAndValues.length; i += 2) action.accept(namesAndValues[i], namesAndValues[i + 1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHeaders h && Arrays.equals(h.namesAndValues, namesAndValues);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(namesAndValues);
  }

  /** Lists names only: values may hold secrets. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HttpHeaders[");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) sb.append(", ");
      sb.append(namesAndValues[i]);
    }
    return sb.append(']').toString();
  }

  /** Builds {@link HttpHeaders}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private String[] namesAndValues;
    private int length;

    private Builder(int fields) {
      namesAndValues = new String[fields * 2];
    }

    /**
     * Appends a field, keeping any earlier field of that name.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (length + 2 > namesAndValues.length) {
        namesAndValues = Arrays.copyOf(namesAndValues, Math.max(namesAndValues.length * 2, 4));
      }
      namesAndValues[length++] = name;
      namesAndValues[length++] = value;
      return this;
    }

    /**
     * Replaces every field of that name (any case) with one, appended at the end.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    /**
     * Removes every field of that name, any case.
     *
     * @param name the header name
     * @return this builder
     */
    public Builder remove(String name) {
      int o = 0;
      for (int i = 0; i < length; i += 2) {
        if (namesAndValues[i].equalsIgnoreCase(name)) continue;
        namesAndValues[o++] = namesAndValues[i];
        namesAndValues[o++] = namesAndValues[i + 1];
      }
      Arrays.fill(namesAndValues, o, length, null);
      length = o;
      return this;
    }

    /** {@return the headers built so far} */
    public HttpHeaders build() {
      return length == 0 ? EMPTY : new HttpHeaders(Arrays.copyOf(namesAndValues, length));
    }
  }

  /**
   * Lower-cases an ASCII header name, independent of the default locale.
   *
   * @param name the header name
   * @return the lower-case name
   */
  public static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
