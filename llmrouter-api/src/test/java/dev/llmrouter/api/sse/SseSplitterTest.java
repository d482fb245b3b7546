package dev.llmrouter.api.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The splitter gives the events the blocking reader gives (its tests' inputs, with the same
 * expectations), however the bytes are cut: whole, one byte at a time, and in random chunks.
 * {@code SseSplitterCrossCheckTest} in llmrouter-providers compares the two on generated streams.
 */
class SseSplitterTest {
  private static final long LIMIT = 16L << 20;

  /** One way of cutting a stream into chunks, named for the assertion messages. */
  private record Cutting(String name, long seed) {
    /** The chunk lengths for a stream of {@code length} bytes. */
    int[] chunks(int length) {
      if (seed == -1) return length == 0 ? new int[0] : new int[] {length};
      if (seed == -2) {
        int[] ones = new int[length];
        Arrays.fill(ones, 1);
        return ones;
      }
      Random random = new Random(seed);
      List<Integer> lengths = new ArrayList<>();
      for (int left = length; left > 0; ) {
        // Mostly short chunks, so that line ends, CRLF pairs and events fall across them.
        int n = Math.min(left, random.nextInt(8) == 0 ? 1 + random.nextInt(4096) : 1 + random.nextInt(12));
        lengths.add(n);
        left -= n;
      }
      return lengths.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Cutting> CUTTINGS = cuttings();

  private static List<Cutting> cuttings() {
    List<Cutting> all = new ArrayList<>(List.of(new Cutting("whole", -1), new Cutting("byte by byte", -2)));
    for (long seed = 1; seed <= 20; seed++) all.add(new Cutting("random chunks, seed " + seed, seed));
    return all;
  }

  /** Feeds the stream cut so, polling after each chunk until null, then finishes it. */
  private static List<SseEvent> split(String stream, long limit, Cutting cutting) throws TooLargeEventException {
    return split(stream.getBytes(StandardCharsets.UTF_8), limit, cutting);
  }

  private static List<SseEvent> split(byte[] bytes, long limit, Cutting cutting) throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(limit);
    List<SseEvent> events = new ArrayList<>();
    // One buffer, reused for every chunk, as a socket reader does.
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    int pos = 0;
    for (int n : cutting.chunks(bytes.length)) {
      if (n > chunk.capacity()) chunk = ByteBuffer.allocate(n);
      chunk.clear();
      chunk.put(bytes, pos, n).flip();
      pos += n;
      splitter.feed(chunk);
      assertEquals(0, chunk.remaining(), "feed takes the whole chunk");
      Arrays.fill(chunk.array(), (byte) '#'); // the splitter copied what it needs
      for (SseEvent e; (e = splitter.poll()) != null; ) events.add(e);
    }
    SseEvent last = splitter.finish();
    if (last != null) events.add(last);
    return events;
  }

  @Test
  void keepsEveryEventByteForByte() throws TooLargeEventException {
    String a = "event: message_start\r\ndata: {\"a\":1}\r\n\r\n";
    String b = ": keep-alive comment\nid: 7\nretry: 100\nevent: custom_unknown\ndata: line1\ndata: line2\n\n";
    for (Cutting cutting : CUTTINGS) {
      List<SseEvent> events = split(a + b, LIMIT, cutting);
      assertEquals(2, events.size(), cutting.name());
      SseEvent first = events.get(0);
      assertEquals("message_start", first.event(), cutting.name());
      assertEquals("{\"a\":1}", first.data(), cutting.name());
      assertNull(first.id(), cutting.name());
      assertEquals(a, first.rawString(), cutting.name());
      SseEvent second = events.get(1);
      assertEquals("custom_unknown", second.event(), cutting.name());
      assertEquals("line1\nline2", second.data(), cutting.name());
      assertEquals("7", second.id(), cutting.name());
      assertEquals(b, second.rawString(), cutting.name());
    }
  }

  @Test
  void readsLinesLongerThanAMebibyte() throws TooLargeEventException {
    String big = "x".repeat(3 * 1024 * 1024);
    for (Cutting cutting : List.of(CUTTINGS.get(0), CUTTINGS.get(1), CUTTINGS.get(2))) {
      List<SseEvent> events = split("data: " + big + "\n\n", LIMIT, cutting);
      assertEquals(1, events.size(), cutting.name());
      assertEquals(big, events.get(0).data(), cutting.name());
    }
  }

  @Test
  void readsFieldsAsTheSpecSaysAndKeepsTheBytes() throws TooLargeEventException {
    String a = ": ping\n\n";
    String b = "data\nevent:no_space\ndata:x\r\n\r\n";
    String c = "event: delta\ndata: caf\u00e9 \u65e5\u672c\ndata:\n\n";
    for (Cutting cutting : CUTTINGS) {
      List<SseEvent> events = split(a + b + c + "\r\n\n\r", LIMIT, cutting);
      assertEquals(3, events.size(), cutting + ": trailing blank lines, the last one a lone CR, are no event");
      SseEvent comment = events.get(0);
      assertNull(comment.event(), cutting.name());
      assertNull(comment.data(), cutting.name());
      assertEquals(a, comment.rawString(), cutting.name());
      SseEvent second = events.get(1);
      assertEquals("no_space", second.event(), cutting.name());
      assertEquals("\nx", second.data(), cutting + ": a field without a colon is a field with an empty value");
      assertEquals(b, second.rawString(), cutting.name());
      SseEvent third = events.get(2);
      assertEquals("delta", third.event(), cutting.name());
      assertEquals("caf\u00e9 \u65e5\u672c\n", third.data(), cutting.name());
      assertEquals(c, third.rawString(), cutting.name());
    }
  }

  @Test
  void aCrNotFollowedByLfBeginsAnEventButOneAtTheEndIsABlankLine() throws TooLargeEventException {
    for (Cutting cutting : CUTTINGS) {
      List<SseEvent> events = split("\n\r\r\ndata: a\n\n\rdata: b\n\n\r", LIMIT, cutting);
      assertEquals(2, events.size(), cutting.name());
      assertEquals("\r\r\ndata: a\n\n", events.get(0).rawString(), cutting.name());
      assertEquals("a", events.get(0).data(), cutting.name());
      assertEquals("\rdata: b\n\n", events.get(1).rawString(), cutting.name());
      assertNull(events.get(1).data(), cutting + ": the field is named \"\\rdata\"");
    }
  }

  @Test
  void aKnownEventNameIsOneStringForEveryStream() throws TooLargeEventException {
    String stream = "event: content_block_delta\ndata: {}\n\nevent: response.output_text.delta\ndata: {}\n\n";
    List<SseEvent> first = split(stream, LIMIT, CUTTINGS.get(0));
    List<SseEvent> second = split(stream, LIMIT, CUTTINGS.get(1));
    for (int i = 0; i < 2; i++) assertSame(first.get(i).event(), second.get(i).event(), first.get(i).event());
  }

  @Test
  void aRepeatedEventNameOutsideTheKnownOnesIsTheSameString() throws TooLargeEventException {
    String event = "event: tool_progress\ndata: {}\n\n";
    for (Cutting cutting : CUTTINGS) {
      List<SseEvent> events = split(event + "event: other\n\n" + event, LIMIT, cutting);
      assertEquals("tool_progress", events.get(0).event(), cutting.name());
      assertSame(events.get(0).event(), events.get(2).event(), cutting.name());
    }
  }

  @Test
  void aSplitterBetweenEventsKeepsASmallArrayAndLetsGoOfALargeOne() throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(LIMIT);
    feed(splitter, "event: ping\ndata: {}\n\nevent: message_stop\nda");
    assertEquals("ping", splitter.poll().event());
    assertNull(splitter.poll());
    assertTrue(splitter.heldBytes() >= "event: message_stop\nda".length(), "the cut event's bytes are held");
    feed(splitter, "ta: {}\n\n");
    assertEquals("{}", splitter.poll().data());
    assertNull(splitter.poll());
    int small = splitter.heldBytes();
    assertTrue(small > 0 && small <= SseSplitter.KEPT_BYTES, "a small array is kept for the next chunks: " + small);
    feed(splitter, "data: " + "x".repeat(8192) + "\n\n\n");
    assertEquals(8192, splitter.poll().data().length());
    assertNull(splitter.poll());
    assertEquals(0, splitter.heldBytes(), "the array a large chunk grew is let go of once it is drained");
    feed(splitter, "data: y\n\n");
    assertEquals("y", splitter.poll().data());
    assertNull(splitter.poll());
    assertNull(splitter.finish());
    assertEquals(0, splitter.heldBytes(), "a finished stream holds nothing");
  }

  @Test
  void pollIsNullUntilTheBlankLineArrives() throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(LIMIT);
    assertNull(splitter.poll(), "nothing fed");
    feed(splitter, "event: a\ndata: x");
    assertNull(splitter.poll(), "the data line is not ended");
    feed(splitter, "\n");
    assertNull(splitter.poll(), "no blank line yet");
    feed(splitter, "\r");
    assertNull(splitter.poll(), "a CR could begin a CRLF blank line");
    feed(splitter, "\ndata: y\n\nda");
    SseEvent first = splitter.poll();
    assertEquals("event: a\ndata: x\n\r\n", first.rawString());
    assertEquals("x", first.data());
    assertEquals("y", splitter.poll().data(), "the second event was in the same chunk");
    assertNull(splitter.poll(), "the third has begun only");
    feed(splitter, "ta: z\n\n");
    assertEquals("data: z\n\n", splitter.poll().rawString());
    assertNull(splitter.poll());
    assertNull(splitter.finish());
  }

  @Test
  void finishReturnsTheEventTheStreamCutOff() throws TooLargeEventException {
    for (Cutting cutting : CUTTINGS) {
      List<SseEvent> events = split("\n\ndata: [DONE]", LIMIT, cutting);
      assertEquals(1, events.size(), cutting.name());
      assertEquals("[DONE]", events.get(0).data(), cutting.name());
      assertEquals("data: [DONE]", events.get(0).rawString(), cutting.name());

      events = split("data: a\n\nevent: e\r\ndata: b\r\n", LIMIT, cutting);
      assertEquals(2, events.size(), cutting.name());
      assertEquals("event: e\r\ndata: b\r\n", events.get(1).rawString(), cutting + ": ended lines but no blank line");
      assertEquals("e", events.get(1).event(), cutting.name());
      assertEquals("b", events.get(1).data(), cutting.name());
    }
  }

  @Test
  void finishIsNullWhenTheStreamEndsBetweenEvents() throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(LIMIT);
    assertNull(splitter.finish(), "an empty stream");
    splitter = new SseSplitter(LIMIT);
    feed(splitter, "data: a\n\n\r\n\n\r");
    assertEquals("a", splitter.poll().data());
    assertNull(splitter.poll());
    assertNull(splitter.finish(), "trailing blank lines, the last a lone CR, are no event");
  }

  @Test
  void finishRefusesWhileACompleteEventIsUnpolled() throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(LIMIT);
    feed(splitter, "data: a\n\ndata: b\n\n");
    assertEquals("a", splitter.poll().data());
    assertThrows(IllegalStateException.class, splitter::finish);
    assertEquals("b", splitter.poll().data(), "the refusal loses nothing");
    assertNull(splitter.finish());
  }

  @Test
  void takesTheRemainingBytesOfADirectOrOffsetBuffer() throws TooLargeEventException {
    byte[] bytes = "xxdata: a\n\nyy".getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes);
    direct.position(2).limit(bytes.length - 2);
    SseSplitter splitter = new SseSplitter(LIMIT);
    splitter.feed(direct);
    assertEquals(bytes.length - 2, direct.position(), "the chunk is consumed");
    assertEquals("data: a\n\n", splitter.poll().rawString());
    splitter.feed(ByteBuffer.wrap(bytes, 2, 6).slice());
    assertNull(splitter.poll());
    assertEquals("data: ", splitter.finish().rawString());
  }

  @Test
  void anEventJustWithinTheLimitIsRead() throws TooLargeEventException {
    String event = "data: " + "z".repeat(100) + "\n\n";
    for (Cutting cutting : CUTTINGS) {
      List<SseEvent> events = split("\r\n" + event + "\n" + event, event.length(), cutting);
      assertEquals(2, events.size(), cutting + ": blank lines between events do not count");
      assertEquals(event, events.get(0).rawString(), cutting.name());
      assertEquals(event, events.get(1).rawString(), cutting.name());
    }
  }

  @Test
  void anEventOneByteOverTheLimitFailsEvenWhenItsLastByteIsTheLastOfTheStream() {
    String event = "data: " + "z".repeat(100) + "\r\n\r\n";
    for (Cutting cutting : CUTTINGS) {
      TooLargeEventException e = assertThrows(TooLargeEventException.class,
          () -> split(event, event.length() - 1, cutting), cutting.name());
      assertEquals("upstream event larger than 109 bytes", e.getMessage());
      assertEquals(109, e.limit());
      assertThrows(TooLargeEventException.class, () -> split("data: zzz", 9, cutting), cutting + ": a cut-off event too");
    }
  }

  @Test
  void anEventOfManyLinesIsBoundedAsAWhole() {
    String line = "data: " + "y".repeat(1000) + "\n";
    for (Cutting cutting : CUTTINGS) {
      TooLargeEventException e = assertThrows(TooLargeEventException.class,
          () -> split(line.repeat(20) + "\n", 10_000, cutting), cutting.name());
      assertEquals("upstream event larger than 10000 bytes", e.getMessage(), cutting.name());
    }
  }

  @Test
  void theEventsBeforeATooLargeOneArePolledFirst() throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(100);
    feed(splitter, "data: a\n\ndata: b\n\ndata: " + "c".repeat(200));
    assertEquals("a", splitter.poll().data());
    assertEquals("b", splitter.poll().data());
    assertThrows(TooLargeEventException.class, splitter::poll);
  }

  @Test
  void anEndlessLineFailsOnceTheLimitIsHeld() {
    SseSplitter splitter = new SseSplitter(1 << 20);
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    long fed = 0;
    try {
      chunk.put("data: ".getBytes(StandardCharsets.UTF_8)).flip();
      while (true) {
        fed += chunk.remaining();
        splitter.feed(chunk);
        assertNull(splitter.poll());
        chunk.clear();
        while (chunk.hasRemaining()) chunk.put((byte) 'a');
        chunk.flip();
      }
    } catch (TooLargeEventException e) {
      assertEquals("upstream event larger than 1 MiB", e.getMessage());
      assertEquals(1 << 20, e.limit());
    }
    assertTrue(fed >= 1 << 20 && fed < (1 << 20) + 8192, "failed after " + fed + " bytes, not on the chunk reaching the limit");
  }

  @Test
  void aLineFedByteByByteFailsOnTheByteReachingTheLimit() throws TooLargeEventException {
    SseSplitter splitter = new SseSplitter(1000);
    feed(splitter, "\n\r\n"); // blank lines before the event do not count
    ByteBuffer one = ByteBuffer.allocate(1);
    for (int i = 0; i < 1000; i++) {
      one.clear();
      one.put(i < 6 ? (byte) "data: ".charAt(i) : (byte) 'a').flip();
      if (i < 999) {
        splitter.feed(one);
        assertNull(splitter.poll(), "byte " + i);
      } else {
        assertThrows(TooLargeEventException.class, () -> splitter.feed(one), "the 1000th byte");
      }
    }
    SseSplitter under = new SseSplitter(1000);
    feed(under, "\n\r\ndata: " + "a".repeat(993));
    assertNull(under.poll());
    assertEquals("a".repeat(993), under.finish().data(), "999 bytes cut off are an event");
  }

  @Test
  void rejectsALimitBelowOne() {
    assertEquals("maxEventBytes < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> new SseSplitter(0)).getMessage());
  }

  private static void feed(SseSplitter splitter, String s) throws TooLargeEventException {
    splitter.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }
}
