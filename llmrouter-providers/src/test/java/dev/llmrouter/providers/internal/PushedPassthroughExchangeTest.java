package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The answer of a direct call, pushed in as its bytes come: the same frames, failures and usage as
 * a passed-through OkHttp answer, an error body kept up to its limit, a JSON answer kept whole, and
 * the connection given up (aborted) whenever the answer was not read to its end; a gzip body
 * decoded as it comes, its limits holding for the decoded bytes, and a broken one failing.
 */
class PushedPassthroughExchangeTest {
  private static final HttpHeaders SSE = HttpHeaders.of("Content-Type", "text/event-stream", "request-id", "req_1",
      "Transfer-Encoding", "chunked");
  private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
      + "{\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n";
  private static final String DELTA = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},"
      + "\"usage\":{\"output_tokens\":9}}\n\n";
  private static final String STOP = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  private final AtomicInteger aborts = new AtomicInteger();

  private PushedPassthroughExchange claude(int status, HttpHeaders headers) {
    return new PushedPassthroughExchange(Protocol.CLAUDE, status, headers, new ClaudeStreamWatcher(), true, 5,
        1024, 4096, aborts::incrementAndGet);
  }

  private static void push(PushedPassthroughExchange ex, String text) {
    ex.push(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(StreamFrame f) {
    return new String(f.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void eventsComeOutWholeAsTheirBytesArriveAndTheLastEventEndsTheStream() throws IOException {
    PushedPassthroughExchange ex = claude(200, SSE);
    assertTrue(ex.isStream());
    assertEquals("text/event-stream", ex.contentType());
    assertEquals(HttpHeaders.of("request-id", "req_1"), ex.headers(), "hop-by-hop and type headers are not relayed");
    push(ex, START.substring(0, 20));
    assertFalse(ex.ready(), "half an event is not a frame");
    push(ex, START.substring(20) + DELTA);
    assertTrue(ex.ready());
    assertEquals(START, text(ex.nextFrame()));
    assertTrue(ex.ready(), "the second event came in the same push");
    assertEquals(DELTA, text(ex.nextFrame()));
    assertFalse(ex.ready());
    push(ex, STOP);
    assertEquals(STOP, text(ex.nextFrame()));
    assertTrue(ex.finished(), "nothing after the terminal event is waited for");
    assertNull(ex.nextFrame());
    assertEquals(7, ex.usage().inputTokens());
    assertEquals(9, ex.usage().outputTokens());
    assertFalse(ex.readToEnd(), "the body's own end has not come");
    ex.close();
    assertEquals(1, aborts.get(), "a connection not read to the answer's end is not kept");
  }

  @Test
  void anAnswerReadToItsEndKeepsItsConnection() throws IOException {
    PushedPassthroughExchange ex = claude(200, SSE);
    push(ex, START + STOP);
    ex.end();
    assertEquals(START, text(ex.nextFrame()));
    assertEquals(STOP, text(ex.nextFrame()));
    assertNull(ex.nextFrame());
    assertTrue(ex.readToEnd());
    ex.close();
    assertEquals(0, aborts.get());
  }

  @Test
  void aReadFailureBeforeAnyFrameIsThrownAndAfterOneIsAnErrorFrame() throws IOException {
    PushedPassthroughExchange first = claude(200, SSE);
    first.fail(new SocketTimeoutException("idle"));
    assertTrue(first.ready());
    assertThrows(SocketTimeoutException.class, first::nextFrame, "nothing was relayed: the router may fail over");

    PushedPassthroughExchange later = claude(200, SSE);
    push(later, START);
    assertEquals(START, text(later.nextFrame()));
    later.fail(new SocketTimeoutException("idle"));
    StreamFrame error = later.nextFrame();
    assertTrue(error.error());
    assertTrue(text(error).contains("upstream stream failed: idle timeout"), text(error));
    assertEquals("idle timeout", later.failure());
    assertNull(later.nextFrame());
  }

  @Test
  void aStreamEndingBeforeItsTerminalEventFails() throws IOException {
    PushedPassthroughExchange empty = claude(200, SSE);
    empty.end();
    assertThrows(IOException.class, empty::nextFrame);

    PushedPassthroughExchange cut = claude(200, SSE);
    push(cut, START + "event: content_block_delta\ndata: {\"type\":\"content_bl");
    cut.end();
    assertEquals(START, text(cut.nextFrame()));
    // The cut-off event is given as it is, as the OkHttp reader gives it; then the missing end.
    assertTrue(text(cut.nextFrame()).startsWith("event: content_block_delta"));
    StreamFrame end = cut.nextFrame();
    assertTrue(end.error());
    assertTrue(text(end).contains("upstream stream ended before its final event"), text(end));
  }

  @Test
  void anInBandErrorEndsTheStreamAsAnErrorFrame() throws IOException {
    PushedPassthroughExchange ex = claude(200, SSE);
    String error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n";
    push(ex, START + error + STOP);
    assertFalse(ex.nextFrame().error());
    StreamFrame f = ex.nextFrame();
    assertTrue(f.error());
    assertEquals(error, text(f));
    assertNull(ex.nextFrame(), "nothing after an in-band error");
    assertEquals("upstream sent an error event", ex.failure());
  }

  @Test
  void anEventOverTheLimitFailsTheStream() throws IOException {
    PushedPassthroughExchange ex = claude(200, SSE);
    push(ex, START);
    assertEquals(START, text(ex.nextFrame()));
    push(ex, "data: " + "a".repeat(2000));
    assertTrue(ex.ready());
    StreamFrame f = ex.nextFrame();
    assertTrue(f.error());
    assertTrue(text(f).contains("larger than 1024 bytes"), text(f));
  }

  @Test
  void anErrorAnswerKeepsTheStartOfItsBodyAndIsReadyAtItsEnd() throws IOException {
    PushedPassthroughExchange ex = claude(429, HttpHeaders.of("Content-Type", "application/json", "retry-after", "3"));
    assertFalse(ex.isStream());
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}";
    push(ex, body);
    assertFalse(ex.ready());
    ex.end();
    assertTrue(ex.ready());
    assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), ex.errorBody());
    assertArrayEquals(ex.errorBody(), ex.clientErrorBody());
    assertEquals("3", ex.headers().get("retry-after"));
    assertEquals("application/json", ex.contentType());
  }

  @Test
  void anErrorBodyIsKeptUpToItsLimitAndTheRestIsNotWaitedFor() {
    PushedPassthroughExchange ex = claude(500, HttpHeaders.of("Content-Type", "text/plain"));
    byte[] big = new byte[ErrorBodies.LIMIT + 100];
    ex.push(ByteBuffer.wrap(big));
    assertTrue(ex.ready());
    assertTrue(ex.finished());
    assertEquals(ErrorBodies.LIMIT, ex.errorBody().length);
  }

  @Test
  void aJsonAnswerToAStreamRequestIsKeptWholeUpToTheBodyLimit() throws IOException {
    String json = "{\"id\":\"m\",\"type\":\"message\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}";
    PushedPassthroughExchange ex = claude(200, HttpHeaders.of("Content-Type", "application/json"));
    assertFalse(ex.isStream(), "a Claude JSON answer stays an answer");
    push(ex, json);
    assertFalse(ex.ready());
    ex.end();
    assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), ex.body());
    assertEquals(4, ex.usage().outputTokens());

    PushedPassthroughExchange tooBig = claude(200, HttpHeaders.of("Content-Type", "application/json"));
    tooBig.push(ByteBuffer.wrap(new byte[5000]));
    assertTrue(tooBig.ready());
    IOException e = assertThrows(IOException.class, tooBig::body);
    assertTrue(e.getMessage().contains("larger than 4096 bytes"), e.getMessage());
  }

  @Test
  void aGeminiJsonAnswerToAStreamRequestBecomesOneEvent() throws IOException {
    String json = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]},\"finishReason\":\"STOP\"}]}";
    PushedPassthroughExchange ex = new PushedPassthroughExchange(Protocol.GEMINI, 200,
        HttpHeaders.of("Content-Type", "application/json"), new GeminiStreamWatcher(), true, 5, 1024, 4096, () -> { });
    assertTrue(ex.isStream());
    assertEquals("text/event-stream", ex.contentType());
    push(ex, json + "\n");
    ex.end();
    assertEquals("data: " + json + "\n\n", text(ex.nextFrame()));
    assertNull(ex.nextFrame());
  }

  @Test
  void cancelAndCloseGiveTheConnectionUpOnce() {
    PushedPassthroughExchange ex = claude(200, SSE);
    ex.cancel();
    ex.cancel();
    ex.close();
    assertEquals(1, aborts.get());
    assertNull(ex.failure(), "a cancel is not an upstream failure");
  }

  private static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Pushes {@code bytes} a few at a time, as reads of a slow connection bring them. */
  private static void pushInPieces(PushedPassthroughExchange ex, byte[] bytes, int piece) {
    for (int at = 0; at < bytes.length; at += piece) {
      ex.push(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)));
    }
  }

  @Test
  void aGzipAnswerIsDecodedAndItsLimitHoldsForTheDecodedBytes() throws IOException {
    String json = "{\"id\":\"m\",\"type\":\"message\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}";
    HttpHeaders gzipJson = HttpHeaders.of("Content-Type", "application/json", "Content-Encoding", "gzip",
        "Content-Length", "99", "request-id", "req_2");
    PushedPassthroughExchange ex = claude(200, gzipJson);
    pushInPieces(ex, gzip(json), 3);
    ex.end();
    assertTrue(ex.readToEnd());
    assertEquals(HttpHeaders.of("request-id", "req_2"), ex.headers(), "the encoding and length are not relayed");
    assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), ex.body());
    assertEquals(4, ex.usage().outputTokens());
    assertEquals(0, aborts.get(), "the connection is kept");

    PushedPassthroughExchange tooBig = claude(200, gzipJson);
    // 5,000 decoded bytes in a few dozen sent.
    tooBig.push(ByteBuffer.wrap(gzip(" ".repeat(5000))));
    assertTrue(tooBig.ready());
    IOException e = assertThrows(IOException.class, tooBig::body);
    assertTrue(e.getMessage().contains("larger than 4096 bytes"), e.getMessage());
  }

  @Test
  void aGzipStreamIsSplitIntoEventsAsItIsDecoded() throws IOException {
    PushedPassthroughExchange ex = claude(200, HttpHeaders.of("Content-Type", "text/event-stream",
        "Content-Encoding", "gzip"));
    byte[] packed = gzip(START + DELTA + STOP);
    // The header and the first compressed bytes: no whole event yet.
    ex.push(ByteBuffer.wrap(packed, 0, 12));
    assertFalse(ex.ready());
    pushInPieces(ex, Arrays.copyOfRange(packed, 12, packed.length), 1);
    assertEquals(START, text(ex.nextFrame()));
    assertEquals(DELTA, text(ex.nextFrame()));
    assertEquals(STOP, text(ex.nextFrame()));
    assertNull(ex.nextFrame());
    assertEquals(9, ex.usage().outputTokens());
  }

  @Test
  void aBodyThatIsNotTheGzipItSaysFailsAndItsConnectionIsNotKept() {
    PushedPassthroughExchange ex = claude(200, HttpHeaders.of("Content-Type", "application/json",
        "Content-Encoding", "gzip"));
    push(ex, "this is not gzip at all");
    assertTrue(ex.ready());
    assertTrue(ex.finished());
    IOException e = assertThrows(IOException.class, ex::body);
    assertEquals("upstream gzip body is broken: no gzip header (it starts 0x7468)", e.getMessage());
    assertEquals(1, aborts.get());

    PushedPassthroughExchange cut = claude(200, HttpHeaders.of("Content-Type", "application/json",
        "Content-Encoding", "gzip"));
    cut.push(ByteBuffer.wrap(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1}));
    cut.end();
    e = assertThrows(IOException.class, cut::body);
    assertEquals("upstream gzip body is broken: it ends within a member (data)", e.getMessage());
  }
}
