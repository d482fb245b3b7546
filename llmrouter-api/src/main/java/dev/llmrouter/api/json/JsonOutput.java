package dev.llmrouter.api.json;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import okio.Buffer;

/**
 * A growing byte buffer that JSON values are written into as compact UTF-8, byte for byte the same
 * as {@link Json#write(JsonValue)}: strings escaped like Moshi ({@code \" \\ \b \f \n \r \t},
 * other control characters and U+2028/U+2029 as {@code \}{@code uXXXX}, unpaired surrogates as
 * {@code ?}), numbers with their original text. Plain runs of string bytes are copied eight bytes
 * at a time. Raw bytes can be written around the values, so one buffer can build a whole frame;
 * {@link #reset()} makes it reusable. Not thread-safe; owned by one thread at a time.
 */
public final class JsonOutput {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  /** Strings up to this length are escaped char by char, without an intermediate byte array. */
  private static final int SHORT_STRING = 32;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] buf;
  private int size;

  /** Creates a buffer with room for 256 bytes; it grows as needed. */
  public JsonOutput() {
    this(256);
  }

  /**
   * Creates a buffer.
   *
   * @param capacity the initial room in bytes; it grows as needed
   * @throws IllegalArgumentException when {@code capacity} is negative
   */
  public JsonOutput(int capacity) {
    if (capacity < 0) throw new IllegalArgumentException("capacity < 0: " + capacity);
    this.buf = new byte[Math.max(capacity, 16)];
  }

  /** {@return the number of bytes written} */
  public int size() {
    return size;
  }

  /**
   * Forgets everything written, keeping the buffer for reuse.
   *
   * @return this buffer
   */
  public JsonOutput reset() {
    size = 0;
    return this;
  }

  /** {@return a copy of the bytes written} */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /**
   * Returns the position of a byte at or after an offset.
   *
   * @param value the byte to find
   * @param from the first position to look at
   * @return the position, or -1 when the byte is not there
   */
  public int indexOf(byte value, int from) {
    for (int i = Math.max(from, 0); i < size; i++) {
      if (buf[i] == value) return i;
    }
    return -1;
  }

  /**
   * Writes one raw byte.
   *
   * @param value the byte
   * @return this buffer
   */
  public JsonOutput writeByte(int value) {
    ensure(1);
    buf[size++] = (byte) value;
    return this;
  }

  /**
   * Writes raw bytes.
   *
   * @param bytes the bytes, copied as they are
   * @return this buffer
   */
  public JsonOutput write(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  /**
   * Writes text as raw UTF-8, without quotes or escapes (unpaired surrogates become {@code ?}).
   *
   * @param text the text
   * @return this buffer
   */
  public JsonOutput writeUtf8(String text) {
    int len = text.length();
    ensure(len);
    int n = size;
    byte[] out = buf;
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        size = n;
        return write(text.substring(i).getBytes(StandardCharsets.UTF_8));
      }
      out[n++] = (byte) c;
    }
    size = n;
    return this;
  }

  /**
   * Writes a value as compact JSON. Trees nested deeper than Moshi allows fail as
   * {@link Json#write(JsonValue)} does.
   *
   * @param value the tree; a Java null is written as JSON null
   * @return this buffer
   */
  public JsonOutput value(JsonValue value) {
    int mark = size;
    try {
      write(value, 0);
    } catch (GiveUp e) {
      size = mark;
      writeWithMoshi(value);
    }
    return this;
  }

  /**
   * Writes a string as a quoted, escaped JSON string literal.
   *
   * @param text the text
   * @return this buffer
   */
  public JsonOutput string(String text) {
    if (text.length() <= SHORT_STRING) {
      shortString(text);
    } else {
      longString(text);
    }
    return this;
  }

  /** Unwinds a write that Moshi must do (deep nesting, a null member name); no stack trace. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private void writeWithMoshi(JsonValue value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      Json.write(writer, value);
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(buffer.readByteArray());
  }

  private void write(JsonValue value, int depth) {
    if (value instanceof JsonString s) {
      string(s.value());
    } else if (value instanceof JsonObject o) {
      if (depth >= Utf8JsonParser.MAX_DEPTH) throw new GiveUp();
      writeByte('{');
      MemberMap members = o.memberMap();
      for (int i = 0, n = members.size(); i < n; i++) {
        String name = members.nameAt(i);
        if (name == null) throw new GiveUp();
        if (i > 0) writeByte(',');
        string(name);
        writeByte(':');
        write(members.valueAt(i), depth + 1);
      }
      writeByte('}');
    } else if (value instanceof JsonArray a) {
      if (depth >= Utf8JsonParser.MAX_DEPTH) throw new GiveUp();
      writeByte('[');
      List<JsonValue> items = a.items();
      for (int i = 0, n = items.size(); i < n; i++) {
        if (i > 0) writeByte(',');
        write(items.get(i), depth + 1);
      }
      writeByte(']');
    } else if (value instanceof JsonNumber n) {
      writeUtf8(n.text());
    } else if (value instanceof JsonBoolean b) {
      write(b.value() ? TRUE : FALSE);
    } else {
      write(NULL);
    }
  }

  private void shortString(String text) {
    int len = text.length();
    ensure(len * 6 + 2);
    byte[] out = buf;
    int n = size;
    out[n++] = '"';
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        longString(text);
        return;
      }
      if (c < 0x20 || c == '"' || c == '\\') {
        n = escape(out, n, c);
      } else {
        out[n++] = (byte) c;
      }
    }
    out[n++] = '"';
    size = n;
  }

  private void longString(String text) {
    byte[] u = text.getBytes(StandardCharsets.UTF_8);
    int len = u.length;
    ensure(len + 2);
    byte[] out = buf;
    int n = size;
    out[n++] = '"';
    int runStart = 0;
    int p = 0;
    while (true) {
      while (p + 8 <= len) {
        long t = special((long) LONGS.get(u, p));
        if (t != 0) {
          p += Long.numberOfTrailingZeros(t) >>> 3;
          break;
        }
        p += 8;
      }
      if (p >= len) break;
      int c = u[p];
      boolean line = c == (byte) 0xE2 && p + 2 < len && u[p + 1] == (byte) 0x80
          && (u[p + 2] == (byte) 0xA8 || u[p + 2] == (byte) 0xA9);
      if (!line && c != '"' && c != '\\' && (c < 0 || c >= 0x20)) {
        p++;
        continue;
      }
      int run = p - runStart;
      System.arraycopy(u, runStart, out, n, run);
      n += run;
      // Room for this escape and the rest, escaped or not, plus the closing quote.
      size = n;
      ensure(6 + (len - p) + 1);
      out = buf;
      if (line) {
        n = unicodeEscape(out, n, u[p + 2] == (byte) 0xA8 ? 0x2028 : 0x2029);
        p += 3;
      } else {
        n = escape(out, n, (char) c);
        p++;
      }
      runStart = p;
    }
    int run = len - runStart;
    System.arraycopy(u, runStart, out, n, run);
    n += run;
    out[n++] = '"';
    size = n;
  }

  /**
   * Flags (high bit of each byte) the bytes that are a quote, a backslash, below 0x20 or 0xE2 (the
   * lead byte of U+2028 and U+2029). Bytes above a flagged byte may be flagged falsely; the lowest
   * flag is exact.
   */
  private static long special(long v) {
    long q = v ^ 0x2222222222222222L;
    long s = v ^ 0x5C5C5C5C5C5C5C5CL;
    long e = v ^ 0xE2E2E2E2E2E2E2E2L;
    return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((e - ONES) & ~e) | ((v - 0x2020202020202020L) & ~v)) & HIGHS;
  }

  /** Writes the escape of a quote, a backslash or a control character; needs 6 bytes of room. */
  private static int escape(byte[] out, int n, char c) {
    switch (c) {
      case '"':
        out[n++] = '\\';
        out[n++] = '"';
        return n;
      case '\\':
        out[n++] = '\\';
        out[n++] = '\\';
        return n;
      case '\t':
        out[n++] = '\\';
        out[n++] = 't';
        return n;
      case '\b':
        out[n++] = '\\';
        out[n++] = 'b';
        return n;
      case '\n':
        out[n++] = '\\';
        out[n++] = 'n';
        return n;
      case '\r':
        out[n++] = '\\';
        out[n++] = 'r';
        return n;
      case '\f':
        out[n++] = '\\';
        out[n++] = 'f';
        return n;
      default:
        return unicodeEscape(out, n, c);
    }
  }

  private static int unicodeEscape(byte[] out, int n, int c) {
    out[n++] = '\\';
    out[n++] = 'u';
    out[n++] = HEX[(c >> 12) & 0xF];
    out[n++] = HEX[(c >> 8) & 0xF];
    out[n++] = HEX[(c >> 4) & 0xF];
    out[n++] = HEX[c & 0xF];
    return n;
  }

  private void ensure(int extra) {
    int needed = size + extra;
    if (needed < 0) throw new OutOfMemoryError("JSON output larger than 2 GB");
    if (needed > buf.length) {
      int grown = buf.length * 2;
      if (grown < needed || grown < 0) grown = needed;
      buf = Arrays.copyOf(buf, grown);
    }
  }
}
