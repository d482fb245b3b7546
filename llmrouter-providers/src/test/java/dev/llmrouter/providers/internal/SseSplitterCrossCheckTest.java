package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseSplitter;
import dev.llmrouter.api.sse.TooLargeEventException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The push-fed {@link SseSplitter} against the blocking {@link SseReader} it stands in for: over
 * the same bytes, cut into chunks any way, both give the same events and fail on the same event.
 */
class SseSplitterCrossCheckTest {
  /** The inputs of {@link SseReaderTest}, and the corners of blank lines and line ends. */
  private static final List<String> STREAMS = List.of(
      "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
          + ": keep-alive comment\nid: 7\nretry: 100\nevent: custom_unknown\ndata: line1\ndata: line2\n\n",
      "\n\ndata: [DONE]",
      ": ping\n\ndata\nevent:no_space\ndata:x\r\n\r\nevent: delta\ndata: caf\u00e9 \u65e5\u672c\ndata:\n\n\r\n\n\r",
      "event: content_block_delta\ndata: {}\n\nevent: ping\n\nevent: content_block_delta\ndata: {}\n\n",
      "data: " + "z".repeat(100) + "\n\ndata: " + "z".repeat(100) + "\n\n",
      ("data: " + "y".repeat(1000) + "\n").repeat(20) + "\n",
      "",
      "\r",
      "\r\r",
      "\r\r\n\n",
      "\rdata: x\n\n\r",
      "data: a\n\r\n\r\ndata: b\r\n\n",
      "data: a\r\r\n\r\n",
      "id\nretry\n:\n\n",
      "data: a\n");

  /** What a stream gave: each event's fields and bytes, then the failure if there was one. */
  private static List<String> outcome(List<SseEvent> events, IOException failure) {
    List<String> out = new ArrayList<>();
    for (SseEvent e : events) {
      out.add("event=" + e.event() + " data=" + e.data() + " id=" + e.id() + " raw=" + HexFormat.of().formatHex(e.raw()));
    }
    if (failure != null) out.add("failed: " + failure.getMessage());
    return out;
  }

  private static List<String> read(byte[] stream, long limit) {
    SseReader reader = new SseReader(new Buffer().write(stream), limit);
    List<SseEvent> events = new ArrayList<>();
    try {
      for (SseEvent e; (e = reader.next()) != null; ) events.add(e);
      return outcome(events, null);
    } catch (IOException e) {
      assertEquals(TooLargeException.class, e.getClass());
      return outcome(events, e);
    }
  }

  /** Feeds the stream in chunks of the given lengths, the last one taking what is left. */
  private static List<String> split(byte[] stream, long limit, Random cuts, int maxChunk) {
    SseSplitter splitter = new SseSplitter(limit);
    List<SseEvent> events = new ArrayList<>();
    ByteBuffer chunk = ByteBuffer.allocate(maxChunk);
    try {
      for (int pos = 0; pos < stream.length; ) {
        int n = Math.min(stream.length - pos, 1 + cuts.nextInt(maxChunk));
        chunk.clear();
        chunk.put(stream, pos, n).flip();
        pos += n;
        splitter.feed(chunk);
        for (SseEvent e; (e = splitter.poll()) != null; ) events.add(e);
      }
      SseEvent last = splitter.finish();
      if (last != null) events.add(last);
      return outcome(events, null);
    } catch (TooLargeEventException e) {
      return outcome(events, e);
    }
  }

  @Test
  void theReaderTestsStreamsGiveTheSameEvents() {
    for (String s : STREAMS) {
      byte[] stream = s.getBytes(StandardCharsets.UTF_8);
      for (long limit : new long[] {SseReader.DEFAULT_MAX_EVENT_BYTES, 10_000, 108, 107, 9, 1}) {
        List<String> expected = read(stream, limit);
        for (int maxChunk : new int[] {1, 2, 3, 7, 64, Math.max(1, stream.length)}) {
          for (long seed = 0; seed < 5; seed++) {
            assertEquals(expected, split(stream, limit, new Random(seed), maxChunk),
                "stream " + STREAMS.indexOf(s) + ", limit " + limit + ", chunks up to " + maxChunk + ", seed " + seed);
          }
        }
      }
    }
  }

  /** Streams made of the pieces where the two could differ: line ends, CRs, fields, comments. */
  @Test
  void generatedStreamsGiveTheSameEvents() {
    String[] pieces = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "data: ", "data:", "data", "event: ", "event:e",
        "id: ", "retry: 5", ": c", ":", "x", "yz", "\u00e9", "\u65e5", "event", "e", " "};
    Random random = new Random(20240611);
    for (int round = 0; round < 3000; round++) {
      StringBuilder sb = new StringBuilder();
      int count = random.nextInt(60);
      for (int i = 0; i < count; i++) sb.append(pieces[random.nextInt(pieces.length)]);
      byte[] stream = sb.toString().getBytes(StandardCharsets.UTF_8);
      long limit = random.nextBoolean() ? SseReader.DEFAULT_MAX_EVENT_BYTES : 1 + random.nextInt(40);
      List<String> expected = read(stream, limit);
      int maxChunk = 1 + random.nextInt(random.nextBoolean() ? 4 : 64);
      assertEquals(expected, split(stream, limit, new Random(round), maxChunk),
          "round " + round + ": " + HexFormat.of().formatHex(stream) + ", limit " + limit + ", chunks up to " + maxChunk);
    }
  }
}
