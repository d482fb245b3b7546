package dev.llmrouter.api.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of HTTP header fields with case-insensitive lookup. Repeated names
 * are kept as separate fields, in order.
 */
public final class HttpHeaders {
  private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

  private final List<String> namesAndValues;

  private HttpHeaders(List<String> namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  public static HttpHeaders empty() {
    return EMPTY;
  }

  /** Builds headers from alternating names and values. */
  public static HttpHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("odd number of names and values");
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) b.add(namesAndValues[i], namesAndValues[i + 1]);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.namesAndValues.addAll(namesAndValues);
    return b;
  }

  public int size() {
    return namesAndValues.size() / 2;
  }

  public String name(int i) {
    return namesAndValues.get(2 * i);
  }

  public String value(int i) {
    return namesAndValues.get(2 * i + 1);
  }

  /** The first value of a header, or null. */
  public String get(String name) {
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equalsIgnoreCase(name)) return namesAndValues.get(i + 1);
    }
    return null;
  }

  /** Every value of a header, in order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equalsIgnoreCase(name)) out.add(namesAndValues.get(i + 1));
    }
    return Collections.unmodifiableList(out);
  }

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

  /** Builds {@link HttpHeaders}. Not thread-safe. */
  public static final class Builder {
    private final List<String> namesAndValues = new ArrayList<>();

    private Builder() {}

    public Builder add(String name, String value) {
      namesAndValues.add(name);
      namesAndValues.add(value);
      return this;
    }

    /** Replaces every field of that name with one. */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    public Builder remove(String name) {
      for (int i = namesAndValues.size() - 2; i >= 0; i -= 2) {
        if (namesAndValues.get(i).equalsIgnoreCase(name)) {
          namesAndValues.remove(i + 1);
          namesAndValues.remove(i);
        }
      }
      return this;
    }

    public HttpHeaders build() {
      return namesAndValues.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(namesAndValues));
    }
  }

  /** Lower-cases an ASCII header name. */
  public static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
