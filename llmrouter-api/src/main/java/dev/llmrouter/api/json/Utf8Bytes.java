package dev.llmrouter.api.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level helpers of {@link Utf8JsonParser}: word-at-a-time scanning and UTF-8 checks. Stateless. */
final class Utf8Bytes {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Utf8Bytes() {}

  /**
   * Skips plain string bytes eight at a time: returns the position of the first quote, backslash,
   * byte below 0x20 or byte above 0x7F at or after {@code p}, or the position from which fewer
   * than eight bytes are left when there is none before.
   */
  static int skipPlain(byte[] b, int p, int end) {
    while (p + 8 <= end) {
      long t = special((long) LONGS.get(b, p));
      if (t != 0) return p + (Long.numberOfTrailingZeros(t) >>> 3);
      p += 8;
    }
    return p;
  }

  /**
   * Flags (high bit of each byte) the bytes that are a quote, a backslash, below 0x20 or above
   * 0x7F. Bytes above a flagged byte may be flagged falsely; the lowest flag is exact.
   */
  private static long special(long v) {
    long q = v ^ 0x2222222222222222L;
    long s = v ^ 0x5C5C5C5C5C5C5C5CL;
    return ((q - ONES) | (s - ONES) | (v - 0x2020202020202020L) | v) & HIGHS;
  }

  /**
   * Checks the multi-byte UTF-8 sequence that starts at {@code p} (shortest form, no surrogates,
   * at most U+10FFFF).
   *
   * @return the position after it, or -1 when it is not valid UTF-8
   */
  static int sequenceEnd(byte[] b, int end, int p) {
    int c = b[p] & 0xFF;
    if (c < 0xC2) return -1;
    if (c < 0xE0) return cont(b, end, p + 1) < 0 ? -1 : p + 2;
    if (c < 0xF0) {
      int b1 = cont(b, end, p + 1);
      if (b1 < 0 || (c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 >= 0xA0)) return -1;
      return cont(b, end, p + 2) < 0 ? -1 : p + 3;
    }
    if (c < 0xF5) {
      int b1 = cont(b, end, p + 1);
      if (b1 < 0 || (c == 0xF0 && b1 < 0x90) || (c == 0xF4 && b1 >= 0x90)) return -1;
      return cont(b, end, p + 2) < 0 || cont(b, end, p + 3) < 0 ? -1 : p + 4;
    }
    return -1;
  }

  /** {@return true when the valid three-byte sequence at {@code p} is U+2028 or U+2029} */
  static boolean isLineSeparator(byte[] b, int p) {
    return b[p] == (byte) 0xE2 && b[p + 1] == (byte) 0x80 && (b[p + 2] == (byte) 0xA8 || b[p + 2] == (byte) 0xA9);
  }

  private static int cont(byte[] b, int end, int p) {
    if (p >= end) return -1;
    int c = b[p] & 0xFF;
    return (c & 0xC0) == 0x80 ? c : -1;
  }
}
