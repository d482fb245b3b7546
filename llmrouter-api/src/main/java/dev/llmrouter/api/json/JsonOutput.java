package dev.llmrouter.api.json;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import okio.Buffer;

/**
 * A growing byte buffer that JSON values are written into as compact UTF-8, byte for byte the same
 * as {@link Json#write(JsonValue)}: strings escaped like Moshi ({@code \" \\ \b \f \n \r \t},
 * other control characters and U+2028/U+2029 as {@code \}{@code uXXXX}, unpaired surrogates as
 * {@code ?}), numbers with their original text, all encoded straight into the buffer. Raw bytes can be written around the values, so one buffer can build a whole frame;
 * {@link #reset()} makes it reusable. Not thread-safe; owned by one thread at a time.
 *
 * <p>Supported API: the codecs of {@code llmrouter-convert} write their stream events with it, and
 * embedders may too; changes follow the API baseline check like every public type here.
 */
public final class JsonOutput {
  /** Strings up to this length are escaped straight from the string. */
  private static final int SHORT_STRING = 32;
  /** Longer strings are copied out in chunks of this many chars and escaped from the copy. */
  private static final int CHUNK = 2048;
  /** Nonzero for the ASCII chars that are escaped. */
  private static final byte[] ESCAPED = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) ESCAPED[c] = 1;
    ESCAPED['"'] = 1;
    ESCAPED['\\'] = 1;
  }
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] buf;
  private int size;
  private char[] chars;
  private JsonSourceStrings sources;

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

  /**
   * Lets string values that a parse recorded be copied from their parsed bytes; the output stays
   * byte for byte the same.
   *
   * @param sources strings recorded while parsing, or null for none
   * @return this buffer
   */
  public JsonOutput sources(JsonSourceStrings sources) {
    this.sources = sources;
    return this;
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
    int len = text.length();
    if (len <= SHORT_STRING) {
      shortString(text);
    } else if (sources == null || len < JsonSourceStrings.MIN_LENGTH || !copy(sources.get(text))) {
      longString(text);
    }
    return this;
  }

  private boolean copy(JsonSourceStrings.Slice slice) {
    if (slice == null) return false;
    int n = slice.end() - slice.start();
    ensure(n + 2);
    buf[size++] = '"';
    System.arraycopy(slice.bytes(), slice.start(), buf, size, n);
    size += n;
    buf[size++] = '"';
    return true;
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
    int len = text.length();
    ensure(len + 2);
    buf[size++] = '"';
    char[] cs = chars;
    if (cs == null || (cs.length < len && cs.length < CHUNK)) {
      cs = new char[Math.min(CHUNK, Math.max(len, cs == null ? 0 : cs.length * 2))];
      chars = cs;
    }
    int from = 0;
    while (from < len) {
      int to = Math.min(len, from + cs.length);
      // A surrogate pair is never split between chunks.
      if (to < len && Character.isHighSurrogate(text.charAt(to - 1))) to--;
      text.getChars(from, to, cs, 0);
      encode(cs, to - from, len - to);
      from = to;
    }
    ensure(1);
    buf[size++] = '"';
  }

  /**
   * Escapes and encodes {@code count} chars as UTF-8. The buffer keeps room for at least one byte
   * per char left, {@code after} more chars and the closing quote.
   */
  private void encode(char[] cs, int count, int after) {
    ensure(count + after + 1);
    byte[] out = buf;
    int n = size;
    int i = 0;
    while (i < count) {
      char c = cs[i];
      if (c < 0x80 && ESCAPED[c] == 0) {
        out[n++] = (byte) c;
        i++;
        continue;
      }
      // Each case below writes at most 6 bytes for this char (4 for a pair of two).
      int left = count - i + after + 1;
      if (n + 6 + left > out.length) {
        size = n;
        ensure(6 + left);
        out = buf;
      }
      if (c < 0x80) {
        n = escape(out, n, c);
        i++;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3F));
        i++;
      } else if (c == 0x2028 || c == 0x2029) {
        n = unicodeEscape(out, n, c);
        i++;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(cs[i + 1])) {
          int cp = Character.toCodePoint(c, cs[i + 1]);
          out[n++] = (byte) (0xF0 | (cp >> 18));
          out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[n++] = (byte) (0x80 | (cp & 0x3F));
          i += 2;
        } else {
          out[n++] = '?';
          i++;
        }
      } else {
        out[n++] = (byte) (0xE0 | (c >> 12));
        out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (c & 0x3F));
        i++;
      }
    }
    size = n;
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
