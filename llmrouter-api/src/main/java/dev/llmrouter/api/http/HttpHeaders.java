package dev.llmrouter.api.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of HTTP header fields with case-insensitive lookup. Repeated names
 * are kept as separate fields, in order. This class is thread-safe; {@link #toString()} shows
 * names only.
 */
public final class HttpHeaders {
  private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

  private final List<String> namesAndValues;

  private HttpHeaders(List<String> namesAndValues) {
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
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) b.add(namesAndValues[i], namesAndValues[i + 1]);
    return b.build();
  }

  /** {@return a new empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these fields} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.namesAndValues.addAll(namesAndValues);
    return b;
  }

  /** {@return the number of fields, repeats counted} */
  public int size() {
    return namesAndValues.size() / 2;
  }

  /**
   * Returns a field's name as it was given.
   *
   * @param i the field index, from 0 to {@link #size()} - 1
   * @return the name
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   */
  public String name(int i) {
    return namesAndValues.get(2 * i);
  }

  /**
   * Returns a field's value.
   *
   * @param i the field index, from 0 to {@link #size()} - 1
   * @return the value
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   */
  public String value(int i) {
    return namesAndValues.get(2 * i + 1);
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, any case
   * @return the value, or null when absent
   */
  public String get(String name) {
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equalsIgnoreCase(name)) return namesAndValues.get(i + 1);
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
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equalsIgnoreCase(name)) out.add(namesAndValues.get(i + 1));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Calls {@code action} with each field's name and value, in order.
   *
   * @param action receives name and value
   */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < namesAndValues.size(); i += 2) action.accept(namesAndValues.get(i), namesAndValues.get(i + 1));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHeaders h && h.namesAndValues.equals(namesAndValues);
  }

  @Override
  public int hashCode() {
    return namesAndValues.hashCode();
  }

  /** Lists names only: values may hold secrets. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HttpHeaders[");
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (i > 0) sb.append(", ");
      sb.append(namesAndValues.get(i));
    }
    return sb.append(']').toString();
  }

  /** Builds {@link HttpHeaders}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final List<String> namesAndValues = new ArrayList<>();

    private Builder() {}

    /**
     * Appends a field, keeping any earlier field of that name.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder add(String name, String value) {
      namesAndValues.add(name);
      namesAndValues.add(value);
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
      for (int i = namesAndValues.size() - 2; i >= 0; i -= 2) {
        if (namesAndValues.get(i).equalsIgnoreCase(name)) {
          namesAndValues.remove(i + 1);
          namesAndValues.remove(i);
        }
      }
      return this;
    }

    /** {@return the headers built so far} */
    public HttpHeaders build() {
      return namesAndValues.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(namesAndValues));
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
