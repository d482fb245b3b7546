package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A strict parser of one HTTP/1.1 request head, read from a client socket's bytes. It never
 * answers an error: a plain, unambiguous head is {@link #COMPLETE}, a valid prefix of one is
 * {@link #INCOMPLETE}, and anything else, including everything merely unusual (other versions,
 * chunked bodies, {@code Expect}, folded or odd header lines, paths Undertow would decode or
 * normalise), is {@link #DECLINED}, for the caller to hand to Undertow with the bytes untouched.
 * Declining what it is not sure of keeps the two servers from reading one request two ways
 * (request smuggling). Header bytes are Latin-1, as in Undertow.
 *
 * <p>Reusable and not thread-safe: one per connection or per IO thread. The accessors describe the
 * last head parsed {@link #COMPLETE}; after any other verdict they are unspecified.
 */
final class RequestHead {
  static final int INCOMPLETE = 0;
  static final int COMPLETE = 1;
  static final int DECLINED = 2;
  /** The longest head served here, its final CRLFCRLF included. */
  static final int MAX_HEAD = 16 * 1024;
  /** The most header lines served here. */
  static final int MAX_HEADERS = 64;
  private static final int MAX_METHOD = 20;
  private static final int MAX_NAME = 64;
  private static final int MAX_LENGTH_DIGITS = 18;
  /** How many of a direct buffer's bytes are copied first: a usual client's whole head. */
  private static final int FIRST_COPY = 2048;
  private static final byte[] VERSION = "HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final String[] METHODS = {"POST", "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"};
  /** The RFC 7230 token characters, by their ASCII code. */
  private static final boolean[] TOKEN = tokenTable();

  /** Each header line's name start, name end, value start and value end, as absolute indexes. */
  private final int[] fields = new int[MAX_HEADERS * 4];
  /** A direct buffer's bytes, copied to be read from an array. */
  private final byte[] scratch = new byte[MAX_HEAD];
  private String method;
  private String path;
  private String query;
  private HttpHeaders headers;
  private long contentLength;
  private boolean keepAlive;
  private int headLength;

  /**
   * Parses the head at {@code buf.position()} up to {@code buf.limit()}, reading with absolute
   * gets, so neither the position nor the limit moves. Heap and direct buffers both work. A head
   * not yet complete is parsed again from its start on the next call, with more bytes. Never throws.
   *
   * @param buf the bytes read from the client so far
   * @return {@link #COMPLETE}, {@link #INCOMPLETE} or {@link #DECLINED}
   */
  int parse(ByteBuffer buf) {
    int start = buf.position();
    int limit = buf.limit();
    boolean capped = limit - start > MAX_HEAD;
    int n = capped ? MAX_HEAD : limit - start;
    // The verdict when the bytes run out before CRLFCRLF.
    int more = capped ? DECLINED : INCOMPLETE;
    if (buf.hasArray()) {
      int from = buf.arrayOffset() + start;
      return parse(buf.array(), from, from + n, more);
    }
    // A direct buffer's bytes are read from an array of this parser's: those a usual head fits in
    // first (the rest of the buffer is most often the body), then, for a longer head, all of them.
    int first = Math.min(n, FIRST_COPY);
    buf.get(start, scratch, 0, first);
    if (first == n) return parse(scratch, 0, n, more);
    int verdict = parse(scratch, 0, first, INCOMPLETE);
    if (verdict != INCOMPLETE) return verdict;
    buf.get(start + first, scratch, first, n - first);
    return parse(scratch, 0, n, more);
  }

  /**
   * Parses the head in {@code b} from {@code from} up to {@code end}.
   *
   * @param more the verdict when the bytes run out before the head's end
   */
  private int parse(byte[] b, int from, int end, int more) {
    int i = from;
    while (i < end && isUpper(b[i])) {
      if (++i - from > MAX_METHOD) return DECLINED;
    }
    if (i == end) return more;
    if (i == from || b[i] != ' ') return DECLINED;
    int methodEnd = i++;
    int targetStart = i;
    int pathEnd = -1;
    int segment = i + 1; // where the path's current segment starts, after its '/'
    for (; ; i++) {
      if (i == end) return more;
      int c = b[i] & 0xFF;
      if (i == targetStart && c != '/') return DECLINED; // origin-form only
      if (pathEnd < 0 && (c == '/' || c == '?' || c == ' ')) {
        if (isDotSegment(b, segment, i)) return DECLINED;
        segment = i + 1;
        if (c != '/') pathEnd = i;
      }
      if (c == ' ') break;
      if (c == '?') continue;
      if (c <= 0x20 || c >= 0x7F || c == '%' || c == '#' || c == '\\' || c == ';' && pathEnd < 0) {
        return DECLINED; // Undertow would decode, cut or reject these, and could then see another path
      }
    }
    int targetEnd = i++;
    for (byte v : VERSION) {
      if (i == end) return more;
      if (b[i++] != v) return DECLINED;
    }
    int count = 0;
    boolean host = false;
    contentLength = -1;
    keepAlive = true;
    while (true) {
      if (i == end) return more;
      if (b[i] == '\r') {
        if (i + 1 == end) return more;
        if (b[i + 1] != '\n' || !host) return DECLINED;
        headLength = i + 2 - from;
        build(b, from, methodEnd, targetStart, pathEnd, targetEnd, count);
        return COMPLETE;
      }
      if (count == MAX_HEADERS) return DECLINED;
      int nameStart = i;
      while (i < end && isToken(b[i])) {
        if (++i - nameStart > MAX_NAME) return DECLINED;
      }
      if (i == end) return more;
      // A line starting with SP or HTAB (obs-fold), whitespace before the colon, a bare LF: no colon here.
      if (i == nameStart || b[i] != ':') return DECLINED;
      int nameEnd = i++;
      while (i < end && isBlank(b[i])) i++;
      int valueStart = i;
      int valueEnd = i;
      while (i < end && b[i] != '\r') {
        byte c = b[i++];
        if (c >= 0 && c < 0x20 && c != '\t' || c == 0x7F) return DECLINED; // obs-text, 0x80 up, is negative
        if (!isBlank(c)) valueEnd = i;
      }
      if (i + 1 >= end) return more;
      if (b[i + 1] != '\n') return DECLINED;
      i += 2;
      if (is(b, nameStart, nameEnd, "host")) {
        if (host || valueStart == valueEnd) return DECLINED;
        host = true;
      } else if (is(b, nameStart, nameEnd, "content-length")) {
        if (contentLength >= 0 || (contentLength = digits(b, valueStart, valueEnd)) < 0) return DECLINED;
      } else if (is(b, nameStart, nameEnd, "connection")) {
        if (!connection(b, valueStart, valueEnd)) return DECLINED;
      } else if (is(b, nameStart, nameEnd, "transfer-encoding") || is(b, nameStart, nameEnd, "expect")
          || is(b, nameStart, nameEnd, "upgrade") || is(b, nameStart, nameEnd, "te")
          || is(b, nameStart, nameEnd, "http2-settings")) {
        return DECLINED;
      }
      int f = count++ * 4;
      fields[f] = nameStart;
      fields[f + 1] = nameEnd;
      fields[f + 2] = valueStart;
      fields[f + 3] = valueEnd;
    }
  }

  /**
   * Makes the strings of a complete head: the usual methods are constants, the common path, names
   * and values shared strings.
   */
  private void build(byte[] b, int from, int methodEnd, int targetStart, int pathEnd, int targetEnd, int count) {
    method = null;
    for (int k = 0; k < METHODS.length && method == null; k++) {
      if (is(b, from, methodEnd, METHODS[k])) method = METHODS[k];
    }
    if (method == null) method = string(b, from, methodEnd);
    path = CommonStrings.latin1(b, targetStart, pathEnd);
    query = pathEnd == targetEnd ? "" : string(b, pathEnd + 1, targetEnd);
    HttpHeaders.Builder h = HttpHeaders.builder(count);
    for (int f = 0; f < count * 4; f += 4) {
      h.add(CommonStrings.latin1(b, fields[f], fields[f + 1]), CommonStrings.latin1(b, fields[f + 2], fields[f + 3]));
    }
    headers = h.build();
  }

  private static String string(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Whether a path segment is "." or "..", which Undertow would resolve and the front would not. */
  private static boolean isDotSegment(byte[] b, int from, int to) {
    int n = to - from;
    return (n == 1 || n == 2) && b[from] == '.' && b[to - 1] == '.';
  }

  /** The value of 1 to 18 ASCII digits, else -1 (a sign, a space or an empty value included). */
  private static long digits(byte[] b, int from, int to) {
    if (to == from || to - from > MAX_LENGTH_DIGITS) return -1;
    long n = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /**
   * Reads a Connection value: a comma-separated list of "close" and "keep-alive" only, any case.
   * Anything else ({@code upgrade}, a header name, an empty element) returns false: it asks for
   * hop-by-hop handling that only Undertow does.
   */
  private boolean connection(byte[] b, int from, int to) {
    for (int i = from; i <= to; ) {
      int comma = i;
      while (comma < to && b[comma] != ',') comma++;
      int s = i;
      int e = comma;
      while (s < e && isBlank(b[s])) s++;
      while (e > s && isBlank(b[e - 1])) e--;
      if (is(b, s, e, "close")) keepAlive = false;
      else if (!is(b, s, e, "keep-alive")) return false;
      i = comma + 1;
    }
    return true;
  }

  /** Whether the bytes are the ASCII string {@code s}, letters in any case. */
  private static boolean is(byte[] b, int from, int to, String s) {
    if (to - from != s.length()) return false;
    for (int i = from; i < to; i++) {
      if (lower(b[i]) != lower(s.charAt(i - from))) return false;
    }
    return true;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  private static boolean isUpper(byte c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  /** An RFC 7230 token character. */
  private static boolean isToken(byte c) {
    return c >= 0 && TOKEN[c];
  }

  private static boolean[] tokenTable() {
    boolean[] t = new boolean[128];
    for (int c = 0; c < 128; c++) {
      t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-!#$%&'*+.^_`|~".indexOf(c) >= 0;
    }
    return t;
  }

  /** {@return the method, as sent} */
  String method() {
    return method;
  }

  /** {@return the target's path, up to any '?', as sent: not decoded} */
  String path() {
    return path;
  }

  /** {@return the raw query after the first '?', or "" when there is none, as Undertow gives it} */
  String query() {
    return query;
  }

  /** {@return every header line, in order, names as sent, values without surrounding SP and HTAB} */
  HttpHeaders headers() {
    return headers;
  }

  /** {@return the Content-Length, or -1 when there is none} */
  long contentLength() {
    return contentLength;
  }

  /** {@return false when a Connection header lists "close"} */
  boolean keepAlive() {
    return keepAlive;
  }

  /** {@return the head's length in bytes, its final CRLFCRLF included: the body starts this far from the position} */
  int headLength() {
    return headLength;
  }
}
