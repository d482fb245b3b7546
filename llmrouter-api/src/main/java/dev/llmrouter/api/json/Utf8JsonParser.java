package dev.llmrouter.api.json;

import java.nio.charset.StandardCharsets;

/**
 * Parses UTF-8 JSON straight from bytes into a tree, scanning string contents eight bytes at a
 * time. It accepts strict JSON in valid UTF-8 only, and gives up (returns null) on anything else:
 * malformed JSON, invalid UTF-8, raw control characters in strings, escapes other than the
 * standard ones, unpaired surrogate escapes, or nesting deeper than {@link #MAX_DEPTH}. {@link Json}
 * then parses the bytes with Moshi, so the result or the error for unusual input stays exactly
 * what it was. For the input it accepts the tree equals Moshi's: the same decoded strings, numbers
 * with their text, member order, and a repeated name keeps its first position and its last value.
 * Not thread-safe; one instance per parse.
 */
final class Utf8JsonParser {
  /** Deeper documents go to Moshi, which refuses nesting beyond 255 levels. */
  static final int MAX_DEPTH = 200;

  /** Inputs from this size on share repeated short plain strings (names mostly) even without a pool. */
  private static final int POOL_FROM = 2048;

  private final byte[] b;
  private final int end;
  private int pos;
  private boolean nonAscii;
  private byte[] scratch;
  private final JsonStringPool pool;
  private final JsonSourceStrings sources;
  /** False once the current string's bytes differ from what the writer would produce for it. */
  private boolean canonical;

  private Utf8JsonParser(byte[] b, JsonStringPool pool, JsonSourceStrings sources) {
    this.b = b;
    this.end = b.length;
    this.pool = pool != null ? pool : end >= POOL_FROM ? new JsonStringPool() : null;
    this.sources = sources;
  }

  /**
   * Parses one JSON value that fills the input.
   *
   * @param bytes UTF-8 JSON
   * @return the tree, or null when the input is not plain strict JSON (see the class comment)
   */
  static JsonValue parse(byte[] bytes) {
    return parse(bytes, null, null);
  }

  /**
   * Parses one JSON value that fills the input, sharing short strings through a pool.
   *
   * @param bytes UTF-8 JSON
   * @param pool shares short strings with other parses, or null for none
   * @param sources records where long strings stand in {@code bytes}, or null
   * @return the tree, or null when the input is not plain strict JSON (see the class comment)
   */
  static JsonValue parse(byte[] bytes, JsonStringPool pool, JsonSourceStrings sources) {
    try {
      return new Utf8JsonParser(bytes, pool, sources).document();
    } catch (GiveUp | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Unwinds the parse; carries no stack trace. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static GiveUp giveUp() {
    return new GiveUp();
  }

  private JsonValue document() {
    skipWs();
    if (pos >= end) throw giveUp();
    JsonValue v = value(0);
    skipWs();
    if (pos != end) throw giveUp();
    return v;
  }

  private JsonValue value(int depth) {
    if (pos >= end) throw giveUp();
    byte c = b[pos];
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        pos++;
        return new JsonString(string());
      case 't':
        literal('t', 'r', 'u', 'e');
        return JsonBoolean.TRUE;
      case 'f':
        if (pos + 5 > end || b[pos + 1] != 'a') throw giveUp();
        pos++;
        literal('a', 'l', 's', 'e');
        return JsonBoolean.FALSE;
      case 'n':
        literal('n', 'u', 'l', 'l');
        return JsonNull.INSTANCE;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw giveUp();
    }
  }

  private JsonObject object(int depth) {
    if (depth > MAX_DEPTH) throw giveUp();
    pos++;
    JsonObject object = new JsonObject();
    skipWs();
    if (pos < end && b[pos] == '}') {
      pos++;
      return object;
    }
    while (true) {
      if (pos >= end || b[pos] != '"') throw giveUp();
      pos++;
      String name = string();
      skipWs();
      if (pos >= end || b[pos] != ':') throw giveUp();
      pos++;
      skipWs();
      object.members().put(name, value(depth));
      skipWs();
      if (pos >= end) throw giveUp();
      byte c = b[pos++];
      if (c == '}') return object;
      if (c != ',') throw giveUp();
      skipWs();
    }
  }

  private JsonArray array(int depth) {
    if (depth > MAX_DEPTH) throw giveUp();
    pos++;
    JsonArray array = new JsonArray();
    skipWs();
    if (pos < end && b[pos] == ']') {
      pos++;
      return array;
    }
    while (true) {
      array.items().add(value(depth));
      skipWs();
      if (pos >= end) throw giveUp();
      byte c = b[pos++];
      if (c == ']') return array;
      if (c != ',') throw giveUp();
      skipWs();
    }
  }

  private void literal(char c0, char c1, char c2, char c3) {
    if (pos + 4 > end || b[pos] != c0 || b[pos + 1] != c1 || b[pos + 2] != c2 || b[pos + 3] != c3) {
      throw giveUp();
    }
    pos += 4;
  }

  private JsonNumber number() {
    int start = pos;
    if (b[pos] == '-') pos++;
    if (pos >= end) throw giveUp();
    if (b[pos] == '0') {
      pos++;
    } else if (digit()) {
      while (digit()) pos++;
    } else {
      throw giveUp();
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      if (!digit()) throw giveUp();
      while (digit()) pos++;
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) pos++;
      if (!digit()) throw giveUp();
      while (digit()) pos++;
    }
    return new JsonNumber(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
  }

  private boolean digit() {
    return pos < end && b[pos] >= '0' && b[pos] <= '9';
  }

  private void skipWs() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      pos++;
    }
  }

  /** Reads a string whose opening quote was consumed, leaving {@code pos} after the closing one. */
  private String string() {
    int start = pos;
    if (pool != null) {
      int limit = Math.min(end, start + JsonStringPool.MAX_LENGTH);
      int h = 0;
      for (int p = start; p < limit; p++) {
        int c = b[p];
        if (c == '"') {
          pos = p + 1;
          return pool.get(b, start, p, h);
        }
        if (c < 0x20 || c == '\\') break;
        h = 31 * h + c;
      }
    }
    nonAscii = false;
    canonical = true;
    int p = scan(start);
    String s;
    if (b[p] == '"') {
      pos = p + 1;
      s = new String(b, start, p - start, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    } else if (b[p] == '\\') {
      s = escaped(start, p);
    } else {
      throw giveUp(); // a raw control character
    }
    if (sources != null && canonical && s.length() >= JsonSourceStrings.MIN_LENGTH) {
      sources.put(s, b, start, pos - 1);
    }
    return s;
  }

  /** Decodes a string with escapes; {@code p} is at its first backslash. */
  private String escaped(int start, int p) {
    int n = 0;
    int runStart = start;
    while (true) {
      int run = p - runStart;
      ensureScratch(n + run + 4);
      System.arraycopy(b, runStart, scratch, n, run);
      n += run;
      byte c = b[p];
      if (c == '"') {
        pos = p + 1;
        return new String(scratch, 0, n, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      }
      if (c != '\\') throw giveUp();
      byte e = b[p + 1];
      p += 2;
      switch (e) {
        case '/':
          canonical = false;
          scratch[n++] = e;
          break;
        case '"':
        case '\\':
          scratch[n++] = e;
          break;
        case 'b':
          scratch[n++] = '\b';
          break;
        case 'f':
          scratch[n++] = '\f';
          break;
        case 'n':
          scratch[n++] = '\n';
          break;
        case 'r':
          scratch[n++] = '\r';
          break;
        case 't':
          scratch[n++] = '\t';
          break;
        case 'u': {
          int cp = hex4(p);
          if (canonical && !writtenAsUnicodeEscape(cp, p)) canonical = false;
          p += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (p + 6 > end || b[p] != '\\' || b[p + 1] != 'u') throw giveUp();
            int low = hex4(p + 2);
            if (low < 0xDC00 || low > 0xDFFF) throw giveUp();
            p += 6;
            cp = Character.toCodePoint((char) cp, (char) low);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw giveUp();
          }
          n = putUtf8(cp, n);
          break;
        }
        default:
          throw giveUp();
      }
      runStart = p;
      p = scan(p);
    }
  }

  /** Tells whether the writer writes this code point as this very {@code \}{@code uXXXX} escape. */
  private boolean writtenAsUnicodeEscape(int cp, int p) {
    boolean escaped = (cp < 0x20 && cp != '\b' && cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r')
        || cp == 0x2028 || cp == 0x2029;
    if (!escaped) return false;
    for (int i = p; i < p + 4; i++) {
      if (b[i] >= 'A' && b[i] <= 'F') return false;
    }
    return true;
  }

  private int putUtf8(int cp, int n) {
    byte[] s = scratch;
    if (cp < 0x80) {
      s[n++] = (byte) cp;
      return n;
    }
    nonAscii = true;
    if (cp < 0x800) {
      s[n++] = (byte) (0xC0 | (cp >> 6));
    } else if (cp < 0x10000) {
      s[n++] = (byte) (0xE0 | (cp >> 12));
      s[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
    } else {
      s[n++] = (byte) (0xF0 | (cp >> 18));
      s[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      s[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
    }
    s[n++] = (byte) (0x80 | (cp & 0x3F));
    return n;
  }

  private void ensureScratch(int capacity) {
    if (scratch == null && pool != null) scratch = pool.scratch;
    if (scratch == null) {
      scratch = new byte[Math.max(capacity, 128)];
    } else if (scratch.length < capacity) {
      byte[] grown = new byte[Math.max(capacity, scratch.length * 2)];
      System.arraycopy(scratch, 0, grown, 0, scratch.length);
      scratch = grown;
    } else {
      return;
    }
    if (pool != null) pool.scratch = scratch;
  }

  private int hex4(int p) {
    if (p + 4 > end) throw giveUp();
    int v = 0;
    for (int i = p; i < p + 4; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) throw giveUp();
      v = (v << 4) | d;
    }
    return v;
  }

  /**
   * Returns the position of the next quote, backslash or control character from {@code p},
   * checking the UTF-8 sequences it passes; gives up at the end of the input.
   */
  private int scan(int p) {
    byte[] b = this.b;
    while (true) {
      p = Utf8Bytes.skipPlain(b, p, end);
      if (p >= end) throw giveUp();
      int c = b[p];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) return p;
      if (c < 0) {
        nonAscii = true;
        int next = Utf8Bytes.sequenceEnd(b, end, p);
        if (next < 0) throw giveUp();
        // U+2028 and U+2029 are escaped by the writer.
        if (next - p == 3 && Utf8Bytes.isLineSeparator(b, p)) canonical = false;
        p = next;
      } else {
        p++;
      }
    }
  }
}
