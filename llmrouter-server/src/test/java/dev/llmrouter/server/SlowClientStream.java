package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.convert.validate.StreamValidators;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okio.BufferedSource;

/**
 * A Messages stream of numbered text deltas, far more than the sockets between an upstream, the
 * router and a client that stopped reading can hold, and the checks on what that client got when a
 * stop cut the stream: every event whole, the deltas in order with none missing, the error event last.
 */
final class SlowClientStream {
  /** Deltas of 16 KiB each: 32 MiB in all. */
  static final int DELTAS = 2048;
  private static final String PAD = "x".repeat(16 * 1024);

  /**
   * The events that end a message, its last one 48 KiB (a field the protocol does not know, which
   * clients ignore): more than small sockets on both sides of the router hold.
   */
  static final String END = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
      + "\"usage\":{\"output_tokens\":2}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\",\"padding\":\"" + "y".repeat(48 * 1024) + "\"}\n\n";

  private SlowClientStream() {}

  /** The events before the deltas: the message's start and its text block's. */
  static String head() {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
  }

  /** Delta {@code i}, whose text starts with {@code <i>}. */
  static String delta(int i) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"text_delta\",\"text\":\"<" + i + ">" + PAD + "\"}}\n\n";
  }

  /**
   * Reads the stream as a client that stops reading after the first delta: it waits for the sockets
   * to fill, starts the stop, waits {@code cutMillis} more (for the stop to cut the stream while it
   * still does not read), then reads to the end and waits for the stop to finish.
   *
   * @return everything the client got
   */
  static String readWhileStopping(BufferedSource source, Runnable stop, long cutMillis) throws Exception {
    return readThenStop(source, "<0>", stop, cutMillis);
  }

  /**
   * Reads up to {@code until}, stops reading for a second, starts the stop, waits {@code
   * stopMillis} more while still not reading, then reads to the end and waits for the stop to finish.
   *
   * @return everything the client got
   */
  private static String readThenStop(BufferedSource source, String until, Runnable stop, long stopMillis)
      throws Exception {
    StringBuilder got = new StringBuilder();
    StreamKeepAliveTest.readUntil(source, got, s -> s.contains(until));
    CountDownLatch never = new CountDownLatch(1);
    never.await(1000, TimeUnit.MILLISECONDS);
    assertFalse(got.toString().contains("message_stop"), "the stream's end waits for the client");
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(stop);
    never.await(stopMillis, TimeUnit.MILLISECONDS);
    got.append(source.readUtf8());
    stopping.get(10, TimeUnit.SECONDS);
    return got.toString();
  }

  /**
   * Asserts that a stream cut by a stop reached its client as whole events (one cut short would run
   * into the error event and fail to parse), the deltas in order with none missing, and the stop's
   * error event last.
   */
  static void assertCutAfterWholeEvents(String all) {
    assertTrue(all.length() < DELTAS * PAD.length(), "the stream was cut, not delivered whole");
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(all.getBytes(StandardCharsets.UTF_8));
    int next = 0;
    for (int at = all.indexOf("\"text\":\"<"); at >= 0; at = all.indexOf("\"text\":\"<", at + 1)) {
      assertEquals(next, Integer.parseInt(all.substring(at + 9, all.indexOf('>', at))), "delta after " + (next - 1));
      next++;
    }
    assertTrue(next > 1, "deltas received: " + next);
    String last = all.substring(all.lastIndexOf("\n\n", all.length() - 3) + 2);
    assertTrue(last.startsWith("event: error\n") && last.contains("the server is shutting down"), last);
  }

  /**
   * Reads a stream whose last events ({@link #END}) the router cannot write to small sockets at
   * once, as a client that stops reading at the message's start: it waits for the router to take
   * those events, checks that their end has not come, starts the stop, waits {@code stopMillis},
   * then reads to the end and waits for the stop to finish.
   *
   * @return everything the client got
   */
  static String readEndWhileStopping(BufferedSource source, Runnable stop, long stopMillis) throws Exception {
    return readThenStop(source, "message_start", stop, stopMillis);
  }

  /** Asserts that a stream reached its client whole, its own end last, with no error event. */
  static void assertWholeWithoutErrorEvent(String all) {
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(all.getBytes(StandardCharsets.UTF_8));
    assertFalse(all.contains("event: error"), "an error event");
    assertTrue(all.endsWith(END), "the stream whole, its end last");
  }
}
