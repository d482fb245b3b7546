package dev.llmrouter.api.json;

import java.nio.charset.StandardCharsets;

/**
 * Shares the {@code String}s of short plain ASCII strings (member names, types, ids, model names)
 * between parses: a parse that meets the same bytes again gets the same string instead of a new
 * one. Give one pool to the parses of one stream of similar documents, such as the events of one
 * SSE stream. A fixed number of slots, replaced as they collide; the trees are the same with or
 * without a pool. Not thread-safe; owned by one thread at a time.
 */
public final class JsonStringPool {
  /** Strings up to this many bytes are pooled. */
  static final int MAX_LENGTH = 32;
  private static final int SLOTS = 128;

  private final String[] strings = new String[SLOTS];
  /** A buffer the parses of this pool's owner reuse to decode escaped strings. */
  byte[] scratch;

  /** Creates an empty pool. */
  public JsonStringPool() {}

  /**
   * Returns the string of plain ASCII bytes (no escapes), shared when the pool has it.
   *
   * @param b the bytes
   * @param start the first byte
   * @param end just past the last byte; at most {@link #MAX_LENGTH} after {@code start}
   * @param hash a hash of the bytes
   * @return the string
   */
  String get(byte[] b, int start, int end, int hash) {
    int slot = (hash ^ (hash >>> 7)) & (SLOTS - 1);
    String known = strings[slot];
    if (known != null && same(known, b, start, end)) return known;
    String s = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    strings[slot] = s;
    return s;
  }

  private static boolean same(String s, byte[] b, int start, int end) {
    if (s.length() != end - start) return false;
    for (int i = start; i < end; i++) {
      if (s.charAt(i - start) != b[i]) return false;
    }
    return true;
  }
}
