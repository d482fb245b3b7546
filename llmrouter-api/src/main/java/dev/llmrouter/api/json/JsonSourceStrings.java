package dev.llmrouter.api.json;

import java.util.IdentityHashMap;

/**
 * Remembers where the long strings of parsed documents stand in their UTF-8 bytes, so that a
 * {@link JsonOutput} writing one of those very {@code String} objects copies the bytes instead of
 * escaping the string again. Only strings whose bytes are exactly what the writer would produce are
 * remembered (no {@code \/}, no needless or upper-case {@code \}{@code u} escapes, no raw
 * U+2028/U+2029), so the output is the same with or without it. Strings are found by identity: a
 * string a codec built is simply written as usual. The parsed byte arrays must not change while
 * this object is in use. Meant for one parse-convert-write pass; not thread-safe.
 *
 * <p>Supported API: the converter of {@code llmrouter-convert} uses it, and embedders may too;
 * changes follow the API baseline check like every public type here.
 */
public final class JsonSourceStrings {
  /** Shorter strings are escaped as usual: a lookup would cost about as much. */
  static final int MIN_LENGTH = 64;

  private final IdentityHashMap<String, Slice> slices = new IdentityHashMap<>();

  /** Creates an empty record. */
  public JsonSourceStrings() {}

  /** The bytes between the quotes of one string literal. */
  record Slice(byte[] bytes, int start, int end) {}

  void put(String s, byte[] bytes, int start, int end) {
    slices.put(s, new Slice(bytes, start, end));
  }

  Slice get(String s) {
    return slices.get(s);
  }
}
