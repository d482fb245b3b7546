package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  @Test
  void keepsEveryEventByteForByte() throws IOException {
    String a = "event: message_start\r\ndata: {\"a\":1}\r\n\r\n";
    String b = ": keep-alive comment\nid: 7\nretry: 100\nevent: custom_unknown\ndata: line1\ndata: line2\n\n";
    SseReader r = new SseReader(new Buffer().writeUtf8(a + b));
    SseEvent first = r.next();
    assertEquals("message_start", first.event());
    assertEquals("{\"a\":1}", first.data());
    assertEquals(a, first.rawString());
    SseEvent second = r.next();
    assertEquals("custom_unknown", second.event());
    assertEquals("line1\nline2", second.data());
    assertEquals("7", second.id());
    assertEquals(b, second.rawString());
    assertNull(r.next());
  }

  @Test
  void readsLinesLongerThanAMebibyte() throws IOException {
    String big = "x".repeat(3 * 1024 * 1024);
    SseReader r = new SseReader(new Buffer().writeUtf8("data: " + big + "\n\n"));
    assertEquals(big, r.next().data());
  }

  @Test
  void returnsAnUnterminatedLastEvent() throws IOException {
    SseReader r = new SseReader(new Buffer().writeUtf8("\n\ndata: [DONE]"));
    SseEvent e = r.next();
    assertEquals("[DONE]", e.data());
    assertEquals("data: [DONE]", e.rawString());
    assertNull(r.next());
  }

  @Test
  void anEndlessLineFailsOnceTheLimitIsBufferedAndIsReadNoFurther() {
    Endless endless = new Endless();
    SseReader r = new SseReader(Okio.buffer(endless), 1 << 20);
    TooLargeException e = assertThrows(TooLargeException.class, r::next);
    assertEquals("upstream event larger than 1 MiB", e.getMessage());
    assertTrue(endless.produced < (1 << 20) + 64 * 1024, "read " + endless.produced + " bytes");
  }

  @Test
  void anEventOfManyLinesIsBoundedAsAWhole() {
    String line = "data: " + "y".repeat(1000) + "\n";
    SseReader r = new SseReader(new Buffer().writeUtf8(line.repeat(20) + "\n"), 10_000);
    assertEquals("upstream event larger than 10000 bytes", assertThrows(TooLargeException.class, r::next).getMessage());
  }

  @Test
  void anEventJustWithinTheLimitIsRead() throws IOException {
    String event = "data: " + "z".repeat(100) + "\n\n";
    SseReader r = new SseReader(new Buffer().writeUtf8(event + event), event.length());
    assertEquals(event, r.next().rawString());
    assertEquals(event, r.next().rawString());
    assertNull(r.next());
  }

  @Test
  void readsFieldsAsTheSpecSaysAndKeepsTheBytes() throws IOException {
    String a = ": ping\n\n";
    String b = "data\nevent:no_space\ndata:x\r\n\r\n";
    String c = "event: delta\ndata: caf\u00e9 \u65e5\u672c\ndata:\n\n";
    SseReader r = new SseReader(new Buffer().writeUtf8(a + b + c + "\r\n\n\r"));
    SseEvent comment = r.next();
    assertNull(comment.event());
    assertNull(comment.data());
    assertEquals(a, comment.rawString());
    SseEvent second = r.next();
    assertEquals("no_space", second.event());
    assertEquals("\nx", second.data(), "a field without a colon is a field with an empty value");
    assertEquals(b, second.rawString());
    SseEvent third = r.next();
    assertEquals("delta", third.event());
    assertEquals("caf\u00e9 \u65e5\u672c\n", third.data());
    assertEquals(c, third.rawString());
    assertNull(r.next(), "trailing blank lines, the last one a lone CR, are no event");
  }

  @Test
  void aRepeatedEventNameIsTheSameString() throws IOException {
    String event = "event: content_block_delta\ndata: {}\n\n";
    SseReader r = new SseReader(new Buffer().writeUtf8(event + "event: ping\n\n" + event));
    SseEvent first = r.next();
    assertEquals("ping", r.next().event());
    assertSame(first.event(), r.next().event());
  }

  /** A line that never ends: {@code data: aaaa...}, counting what was read. */
  private static final class Endless implements Source {
    long produced;

    @Override
    public long read(Buffer sink, long byteCount) {
      long n = Math.min(byteCount, 8192);
      if (produced == 0) {
        sink.writeUtf8("data: ");
        n = 6;
      } else {
        for (long i = 0; i < n; i++) sink.writeByte('a');
      }
      produced += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
