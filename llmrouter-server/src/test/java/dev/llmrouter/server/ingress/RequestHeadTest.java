package dev.llmrouter.server.ingress;

import static dev.llmrouter.server.ingress.RequestHead.COMPLETE;
import static dev.llmrouter.server.ingress.RequestHead.DECLINED;
import static dev.llmrouter.server.ingress.RequestHead.INCOMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins what {@link RequestHead} serves, waits for and declines, one rule at a time. */
class RequestHeadTest {
  /** A head as Claude Code sends it, the names in its own mix of cases. */
  private static final String CLAUDE_CODE = "POST /v1/messages?beta=true HTTP/1.1\r\n"
      + "Host: 127.0.0.1:8080\r\n"
      + "Content-Type: application/json\r\n"
      + "x-api-key: sk-ant-api03-test\r\n"
      + "anthropic-version: 2023-06-01\r\n"
      + "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14\r\n"
      + "User-Agent: claude-cli/2.0.0 (external, cli)\r\n"
      + "Content-Length: 1234\r\n"
      + "Connection: keep-alive\r\n"
      + "\r\n";

  private final RequestHead head = new RequestHead();

  @Test
  void claudeCodeHeadIsCompleteWithEveryField() {
    assertEquals(COMPLETE, parse(CLAUDE_CODE));
    assertEquals("POST", head.method());
    assertEquals("/v1/messages", head.path());
    assertSame("/v1/messages", head.path(), "a common path is the shared string");
    assertEquals("beta=true", head.query());
    assertEquals(1234, head.contentLength());
    assertTrue(head.keepAlive());
    assertEquals(CLAUDE_CODE.length(), head.headLength());
    HttpHeaders h = head.headers();
    String[] expected = {"Host", "127.0.0.1:8080", "Content-Type", "application/json", "x-api-key",
        "sk-ant-api03-test", "anthropic-version", "2023-06-01", "anthropic-beta",
        "claude-code-20250219,interleaved-thinking-2025-05-14", "User-Agent", "claude-cli/2.0.0 (external, cli)",
        "Content-Length", "1234", "Connection", "keep-alive"};
    assertEquals(expected.length / 2, h.size());
    for (int i = 0; i < h.size(); i++) {
      assertEquals(expected[2 * i], h.name(i));
      assertEquals(expected[2 * i + 1], h.value(i));
    }
    assertSame("anthropic-version", h.name(3), "a common name is the shared string");
    assertSame("2023-06-01", h.value(3), "a common value is the shared string");
  }

  @Test
  void everyPrefixOfAHeadIsIncomplete() {
    byte[] bytes = latin1(CLAUDE_CODE);
    for (int n = 0; n < bytes.length; n++) {
      assertEquals(INCOMPLETE, head.parse(ByteBuffer.wrap(bytes, 0, n).slice()), "prefix of " + n + " bytes");
    }
    assertEquals(COMPLETE, head.parse(ByteBuffer.wrap(bytes)));
  }

  @Test
  void bodyBytesAfterTheHeadAreNotPartOfIt() {
    ByteBuffer buf = ByteBuffer.wrap(latin1(CLAUDE_CODE + "{\"model\":\"claude\"}\r\n\r\nGET / HTTP/1.1\r\n"));
    assertEquals(COMPLETE, head.parse(buf));
    assertEquals(CLAUDE_CODE.length(), head.headLength());
    assertEquals(0, buf.position());
  }

  @Test
  void geminiPathKeepsItsColonAndQuery() {
    assertEquals(COMPLETE, parse("POST /v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse HTTP/1.1\r\n"
        + "Host: h\r\nx-goog-api-key: k\r\n\r\n"));
    assertEquals("/v1beta/models/gemini-2.5-pro:streamGenerateContent", head.path());
    assertEquals("alt=sse", head.query());
    assertEquals(-1, head.contentLength());
  }

  @Test
  void queryIsEmptyWhenAbsentAndRawWhenPresent() {
    assertEquals(COMPLETE, parse("GET /v1/models HTTP/1.1\r\nHost: h\r\n\r\n"));
    assertEquals("GET", head.method());
    assertEquals("/v1/models", head.path());
    assertEquals("", head.query());
    assertEquals(COMPLETE, parse("GET /v1/models? HTTP/1.1\r\nHost: h\r\n\r\n"));
    assertEquals("", head.query());
    assertEquals(COMPLETE, parse("GET /a?b=/../c?d&e=+ HTTP/1.1\r\nHost: h\r\n\r\n"));
    assertEquals("/a", head.path());
    assertEquals("b=/../c?d&e=+", head.query());
  }

  static Stream<Arguments> connections() {
    return Stream.of(Arguments.of("close", false), Arguments.of("CLOSE", false), Arguments.of("Keep-Alive, close", false),
        Arguments.of("keep-alive", true), Arguments.of(" keep-alive \t", true), Arguments.of(null, true));
  }

  @ParameterizedTest(name = "Connection: {0} -> keepAlive {1}")
  @MethodSource("connections")
  void keepAliveUnlessConnectionListsClose(String connection, boolean keepAlive) {
    assertEquals(COMPLETE, parse(headWith(connection == null ? "X-A: b" : "Connection: " + connection)));
    assertEquals(keepAlive, head.keepAlive());
  }

  @Test
  void valuesAreTrimmedAndNamesKeptAsSent() {
    assertEquals(COMPLETE, parse(headWith("x:   a b  ", "X-Tab:\t\tc\td\t", "X-Empty:", "X-Blank:  \t ")));
    HttpHeaders h = head.headers();
    assertEquals("x", h.name(1));
    assertEquals("a b", h.value(1));
    assertEquals("X-Tab", h.name(2));
    assertEquals("c\td", h.value(2));
    assertEquals("", h.value(3));
    assertEquals("", h.value(4));
  }

  @Test
  void obsTextIsKeptAsLatin1() {
    byte[] bytes = latin1(headWith("X-Name: caf\u00e9 \u00ff"));
    assertEquals(COMPLETE, head.parse(ByteBuffer.wrap(bytes)));
    assertEquals("caf\u00e9 \u00ff", head.headers().value(1));
  }

  @Test
  void limitsAreInclusive() {
    String twentyLetters = "ABCDEFGHIJKLMNOPQRST";
    assertEquals(COMPLETE, parse(twentyLetters + " / HTTP/1.1\r\nHost: h\r\n\r\n"));
    assertEquals(twentyLetters, head.method());
    assertEquals(COMPLETE, parse(headWith("x".repeat(64) + ": v")));
    assertEquals(COMPLETE, parse(headWith("Content-Length: 999999999999999999")));
    assertEquals(999_999_999_999_999_999L, head.contentLength());
    assertEquals(COMPLETE, parse(headWith("Content-Length: 0007")));
    assertEquals(7, head.contentLength());
    String[] lines = new String[63];
    for (int i = 0; i < lines.length; i++) lines[i] = "X-" + i + ": v";
    assertEquals(COMPLETE, parse(headWith(lines)), "Host and 63 more: 64 header lines");
    String exact = headWith("X-Pad: ");
    exact = headWith("X-Pad: " + "p".repeat(RequestHead.MAX_HEAD - exact.length()));
    assertEquals(RequestHead.MAX_HEAD, exact.length());
    assertEquals(COMPLETE, parse(exact));
  }

  @Test
  void pathsThatOnlyLookLikeDotSegmentsAreServed() {
    assertEquals(COMPLETE, parse("GET /.well-known/a..b/...//x.. HTTP/1.1\r\nHost: h\r\n\r\n"));
    assertEquals("/.well-known/a..b/...//x..", head.path());
  }

  static Stream<Arguments> declined() {
    return Stream.of(
        // Request line.
        Arguments.of("HTTP/1.0", "POST /v1/messages HTTP/1.0\r\nHost: h\r\n\r\n"),
        Arguments.of("HTTP/2.0", "POST /v1/messages HTTP/2.0\r\nHost: h\r\n\r\n"),
        Arguments.of("lower-case version", "POST /v1/messages http/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("space after the version", "POST /v1/messages HTTP/1.1 \r\nHost: h\r\n\r\n"),
        Arguments.of("two spaces after the method", "POST  /v1/messages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("two spaces before the version", "POST /v1/messages  HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("lower-case method", "post /v1/messages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("method of 21 letters", "ABCDEFGHIJKLMNOPQRSTU / HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("no method", " / HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("leading empty line", "\r\nPOST /v1/messages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("bare LF after the request line", "POST /v1/messages HTTP/1.1\nHost: h\r\n\r\n"),
        Arguments.of("bare CR after the request line", "POST /v1/messages HTTP/1.1\rHost: h\r\n\r\n"),
        // Target.
        Arguments.of("absolute-form", "POST http://h/v1/messages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("asterisk-form", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("authority-form", "CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("percent in the path", "POST /v1/%6Dessages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("percent in the query", "POST /v1/messages?a=%20 HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("fragment", "POST /v1/messages#x HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("backslash", "POST /v1\\messages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("path parameter", "POST /v1/messages;a=b HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("control character", "POST /v1/\tmessages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("DEL", "POST /v1/\u007fmessages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("non-ASCII", "POST /v1/m\u00e9ssages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("dot-dot segment", "POST /v1/../admin HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("dot segment", "POST /v1/./messages HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("ends in /..", "POST /v1/.. HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("ends in /.", "POST /v1/. HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("ends in /.. before the query", "POST /v1/..?a=b HTTP/1.1\r\nHost: h\r\n\r\n"),
        Arguments.of("just /..", "GET /.. HTTP/1.1\r\nHost: h\r\n\r\n"),
        // Header lines.
        Arguments.of("obs-fold with a space", headWith("X-A: a", " b")),
        Arguments.of("obs-fold with a tab", headWith("X-A: a", "\tb")),
        Arguments.of("bare LF after a header", headWith("X-A: a\nX-B: b")),
        Arguments.of("bare CR in a value", headWith("X-A: a\rb")),
        Arguments.of("LF in a value", "POST / HTTP/1.1\r\nHost: h\r\nX-A: a\nb\r\n\r\n"),
        Arguments.of("bare LF ending the head", "POST / HTTP/1.1\r\nHost: h\r\n\n"),
        Arguments.of("space before the colon", headWith("X-A : a")),
        Arguments.of("tab before the colon", headWith("X-A\t: a")),
        Arguments.of("no colon", headWith("X-A a")),
        Arguments.of("empty name", headWith(": a")),
        Arguments.of("non-token name", headWith("X(A): a")),
        Arguments.of("name of 65 characters", headWith("x".repeat(65) + ": v")),
        Arguments.of("NUL in a value", headWith("X-A: a\u0000b")),
        Arguments.of("DEL in a value", headWith("X-A: a\u007fb")),
        Arguments.of("control byte in a value", headWith("X-A: a\u0001b")),
        Arguments.of("65 header lines", headWith(sixtyFourMore())),
        Arguments.of("head over 16 KiB", headWith("X-Pad: " + "p".repeat(RequestHead.MAX_HEAD))),
        // Host.
        Arguments.of("no Host", "POST /v1/messages HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
        Arguments.of("two Hosts", headWith("host: other")),
        Arguments.of("empty Host", "POST / HTTP/1.1\r\nHost:  \r\n\r\n"),
        // Framing and hop-by-hop.
        Arguments.of("duplicate equal Content-Length", headWith("Content-Length: 5", "Content-Length: 5")),
        Arguments.of("Content-Length +5", headWith("Content-Length: +5")),
        Arguments.of("Content-Length -1", headWith("Content-Length: -1")),
        Arguments.of("Content-Length 5 5", headWith("Content-Length: 5 5")),
        Arguments.of("Content-Length 5,5", headWith("Content-Length: 5,5")),
        Arguments.of("empty Content-Length", headWith("Content-Length: ")),
        Arguments.of("Content-Length of 19 digits", headWith("Content-Length: 1234567890123456789")),
        Arguments.of("Transfer-Encoding: chunked", headWith("Transfer-Encoding: chunked")),
        Arguments.of("Transfer-Encoding: identity", headWith("transfer-encoding: identity")),
        Arguments.of("Transfer-Encoding and Content-Length", headWith("Content-Length: 5", "Transfer-Encoding: chunked")),
        Arguments.of("Expect", headWith("Expect: 100-continue")),
        Arguments.of("Upgrade", headWith("Upgrade: h2c")),
        Arguments.of("TE", headWith("TE: trailers")),
        Arguments.of("HTTP2-Settings", headWith("HTTP2-Settings: AAMAAABkAAQAAP__")),
        Arguments.of("Connection: upgrade", headWith("Connection: Upgrade")),
        Arguments.of("Connection naming a header", headWith("Connection: keep-alive, X-A")),
        Arguments.of("Connection with an empty element", headWith("Connection: close,")),
        Arguments.of("empty Connection", headWith("Connection:")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("declined")
  void declined(String name, String request) {
    assertEquals(DECLINED, parse(request));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET http", "OPTIONS *", "POST /v1/messages HTTP/1.0", "POST /v1/../", "\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nX-A : a", "POST / HTTP/1.1\r\nHost: h\r\n x"})
  void aPrefixThatBreaksARuleIsDeclinedWithoutWaiting(String prefix) {
    assertEquals(DECLINED, parse(prefix));
  }

  @Test
  void moreThan16KiBWithoutAWholeHeadIsDeclined() {
    String start = "POST /v1/messages HTTP/1.1\r\nHost: h\r\nX-Pad: ";
    assertEquals(INCOMPLETE, parse(start + "p".repeat(RequestHead.MAX_HEAD - start.length())));
    assertEquals(DECLINED, parse(start + "p".repeat(RequestHead.MAX_HEAD - start.length() + 1)));
  }

  @Test
  void directBufferWithAPositionIsReadInPlace() {
    byte[] bytes = latin1(CLAUDE_CODE + "{}");
    ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length + 40);
    buf.put(new byte[17]).put(bytes).flip().position(17);
    assertFalse(buf.hasArray());
    assertEquals(COMPLETE, head.parse(buf));
    assertEquals(17, buf.position());
    assertEquals(17 + bytes.length, buf.limit());
    assertEquals(CLAUDE_CODE.length(), head.headLength());
    assertEquals("/v1/messages", head.path());
    assertEquals("beta=true", head.query());
    assertEquals("keep-alive", head.headers().value(7));
    assertEquals((byte) '{', buf.get(buf.position() + head.headLength()));
  }

  @Test
  void heapSliceAndReadOnlyBuffersAreReadAtTheirOffsets() {
    byte[] bytes = latin1("junk" + CLAUDE_CODE);
    ByteBuffer slice = ByteBuffer.wrap(bytes, 4, bytes.length - 4).slice();
    assertEquals(COMPLETE, head.parse(slice));
    assertEquals("POST", head.method());
    assertEquals("claude-cli/2.0.0 (external, cli)", head.headers().value(5));
    ByteBuffer readOnly = ByteBuffer.wrap(bytes).asReadOnlyBuffer().position(4);
    assertEquals(COMPLETE, head.parse(readOnly));
    assertEquals(4, readOnly.position());
    assertEquals("sk-ant-api03-test", head.headers().value(2));
  }

  @Test
  void anyBytesGiveAVerdictWithoutThrowing() {
    Random random = new Random(42);
    byte[] base = latin1(CLAUDE_CODE);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = round % 2 == 0 ? base.clone() : new byte[random.nextInt(200)];
      if (round % 2 == 0) {
        for (int k = random.nextInt(3); k >= 0; k--) bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      } else {
        random.nextBytes(bytes);
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes, 0, random.nextInt(bytes.length + 1));
      int verdict = head.parse(buf);
      assertTrue(verdict == INCOMPLETE || verdict == COMPLETE || verdict == DECLINED);
      assertEquals(0, buf.position());
    }
  }

  @Test
  void aHeadPastTheFirstCopyOfADirectBufferIsReadWhole() {
    // Heads that end before, at and after the first 2 KiB copied, each followed by a body that fills the buffer.
    for (int pad : new int[] {1900, 1990, 2000, 2010, 2040, 3000, 9000}) {
      String h = headWith("Content-Length: 5", "X-Pad: " + "p".repeat(pad));
      byte[] bytes = latin1(h + "{\"a\":1}" + "x".repeat(16_384));
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
      direct.put(bytes).flip();
      assertEquals(COMPLETE, head.parse(direct), "pad " + pad);
      assertEquals(h.length(), head.headLength(), "pad " + pad);
      assertEquals("p".repeat(pad), head.headers().get("X-Pad"), "pad " + pad);
      assertEquals(5, head.contentLength());
      assertEquals(0, direct.position());
      // A head cut anywhere past the first copy waits for more; one broken there is declined.
      direct.limit(h.length() - 3);
      assertEquals(INCOMPLETE, head.parse(direct), "pad " + pad);
      direct.limit(bytes.length).put(h.length() - 4, (byte) 0x01);
      assertEquals(DECLINED, head.parse(direct), "pad " + pad);
    }
  }

  @Test
  void directBuffersGiveTheVerdictsOfHeapOnes() {
    Random random = new Random(7);
    byte[] base = latin1(CLAUDE_CODE + "{}");
    for (int round = 0; round < 5_000; round++) {
      byte[] bytes = base.clone();
      for (int k = random.nextInt(3); k >= 0; k--) bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      int length = random.nextInt(bytes.length + 1);
      int heap = head.parse(ByteBuffer.wrap(bytes, 0, length));
      HttpHeaders heapHeaders = heap == COMPLETE ? head.headers() : null;
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
      direct.put(bytes).flip().limit(length);
      assertEquals(heap, head.parse(direct), "round " + round);
      if (heap == COMPLETE) assertEquals(heapHeaders, head.headers(), "round " + round);
    }
  }

  /**
   * Parses a Latin-1 string into {@link #head}, from a direct buffer (as the server's pool gives)
   * and from a heap one, which must agree; the heap one's is kept.
   */
  private int parse(String request) {
    byte[] bytes = latin1(request);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    int fromDirect = head.parse(direct);
    List<Object> directHead = fromDirect == COMPLETE ? described() : null;
    int verdict = head.parse(ByteBuffer.wrap(bytes));
    assertEquals(verdict, fromDirect, "a direct buffer's verdict");
    if (verdict == COMPLETE) assertEquals(described(), directHead, "a direct buffer's head");
    return verdict;
  }

  /** What {@link #head} says of the head it parsed last. */
  private List<Object> described() {
    return List.of(head.method(), head.path(), head.query(), head.headers(), head.contentLength(), head.keepAlive(),
        head.headLength());
  }

  /** A POST head with a Host, then these header lines. */
  private static String headWith(String... lines) {
    StringBuilder sb = new StringBuilder("POST /v1/messages HTTP/1.1\r\nHost: h\r\n");
    for (String line : lines) sb.append(line).append("\r\n");
    return sb.append("\r\n").toString();
  }

  private static String[] sixtyFourMore() {
    String[] lines = new String[64];
    for (int i = 0; i < lines.length; i++) lines[i] = "X-" + i + ": v";
    return lines;
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
