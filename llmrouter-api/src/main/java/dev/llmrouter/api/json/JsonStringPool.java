package dev.llmrouter.api.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Shares the {@code String}s of short plain ASCII strings (member names, types, ids, model names)
 * between parses: a parse that meets the same bytes again gets the same string instead of a new
 * one. Give one pool to the parses of one stream of similar documents, such as the events of one
 * SSE stream. A fixed number of slots, replaced as they collide; the trees are the same with or
 * without a pool. Not thread-safe; owned by one thread at a time.
 *
 * <p>Supported API: the stream decoders of {@code llmrouter-convert} use it, and embedders may too;
 * changes follow the API baseline check like every public type here.
 */
public final class JsonStringPool {
  /** Strings up to this many bytes are pooled. */
  static final int MAX_LENGTH = 32;
  private static final int SLOTS = 128;

  private final String[] strings = new String[SLOTS];
  private final byte[][] bytes = new byte[SLOTS][];
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
    byte[] known = bytes[slot];
    if (known != null && Arrays.equals(known, 0, known.length, b, start, end)) return strings[slot];
    String s = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    strings[slot] = s;
    bytes[slot] = Arrays.copyOfRange(b, start, end);
    return s;
  }
}
