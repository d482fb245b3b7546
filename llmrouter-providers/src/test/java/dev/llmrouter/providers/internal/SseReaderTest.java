package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;
import okio.Buffer;
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
}
