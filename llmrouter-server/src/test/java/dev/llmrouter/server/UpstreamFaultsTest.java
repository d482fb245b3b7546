package dev.llmrouter.server;

import static dev.llmrouter.api.testing.FaultyUpstream.endlessLine;
import static dev.llmrouter.api.testing.FaultyUpstream.gzipGarbage;
import static dev.llmrouter.api.testing.FaultyUpstream.http10;
import static dev.llmrouter.api.testing.FaultyUpstream.json;
import static dev.llmrouter.api.testing.FaultyUpstream.resetAfter;
import static dev.llmrouter.api.testing.FaultyUpstream.silence;
import static dev.llmrouter.api.testing.FaultyUpstream.sse;
import static dev.llmrouter.api.testing.FaultyUpstream.trickle;
import static dev.llmrouter.server.FaultServer.MESSAGES;
import static dev.llmrouter.server.FaultServer.MESSAGES_STREAM;
import static dev.llmrouter.server.FaultServer.OK_MESSAGE;
import static dev.llmrouter.server.FaultServer.STREAM_REST;
import static dev.llmrouter.server.FaultServer.STREAM_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams that misbehave the way real ones do, through the real HTTP API of a whole server: each
 * case asserts the client's exact answer, that the next request is served, that no key is logged
 * whole, and, where the upstream could flood the router, that it read no more than its limits allow.
 */
class UpstreamFaultsTest {
  private static final String ERROR_EVENT_PREFIX = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":";

  @TempDir Path dir;
  private FaultServer s;
  private LogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = new LogCapture();
  }

  @AfterEach
  void tearDown() {
    if (s != null) s.close();
    logs.close();
    assertFalse(logs.text().contains("sk-fault-key-1"), "a key was logged whole");
  }

  private FaultServer start(String serviceType, Map<String, String> env) throws Exception {
    s = new FaultServer(dir, serviceType, env);
    return s;
  }

  /** One ordinary request first, so that a timing measures the fault, not the first request's class loading. */
  private void warmUp() throws Exception {
    s.upstream.enqueue(json(200, OK_MESSAGE));
    assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES));
  }

  /** The next, ordinary request is served: the router holds no broken state after the fault. */
  private void nextRequestIsServed() throws Exception {
    s.app.router().resume(dev.llmrouter.api.ApiKind.MESSAGES, "ch-f");
    if (s.serviceType.equals("claude")) {
      s.upstream.enqueue(json(200, OK_MESSAGE));
      assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES));
      return;
    }
    s.upstream.enqueue(json(200, "{\"id\":\"c2\",\"object\":\"chat.completion\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"));
    String answer = s.exchange(MESSAGES);
    assertTrue(answer.startsWith("200 ") && answer.contains("\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]"), answer);
  }

  /** Waits until the channel's attempts are settled (a stream settles once relayed), then checks its failures. */
  private void assertFailures(long failures) throws InterruptedException {
    CountDown pause = new CountDown();
    for (int i = 0; i < 200 && (s.breaker().getLong("results", 0) == 0 || s.breaker().getLong("inFlight", 0) > 0); i++) {
      pause.await(Duration.ofMillis(10));
    }
    assertEquals(failures, s.breaker().getLong("failures", -1), s.breaker().toString());
  }

  /** The router's answer when the one channel's one attempt failed for {@code reason}. */
  private static String allFailed(int status, String type, String reason) {
    return status + " {\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"all 1 messages channel(s) "
        + "failed after 1 upstream call(s) with 1 key(s); last error: " + reason + "\"}}";
  }

  /**
   * Checks the answer to a request the upstream kept waiting: all channels failed with a 504 timeout
   * (the given reason) less than 1.5 s after the upstream got the request; then the next request is served.
   */
  private void assertTimedOutSoonAfterTheRequest(String answer, String reason) throws Exception {
    long took = millisSince(s.upstream.lastRequestNanos());
    assertTrue(took < 1500, "the answer came " + took + " ms after the request");
    assertEquals(allFailed(504, "timeout_error", reason), answer);
    nextRequestIsServed();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void connectionsClosedWhileIdleAreRetriedOnAFreshConnectionWithoutPenalty() throws Exception {
    // The OkHttp transport on workers (converted requests, or the IO-thread path turned off) finds
    // a pooled connection closed while idle only by sending on it.
    start("claude", Map.of("STREAMS_ON_IO_THREAD", "false"));
    s.upstream.idleClose(Duration.ofMillis(300)).otherwise(json(200, OK_MESSAGE));
    CountDown gaps = new CountDown();
    for (int i = 0; i < 6; i++) {
      if (i > 0) gaps.await(Duration.ofMillis(500));
      assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES), "request " + i);
    }
    assertEquals(0, s.breaker().getLong("failures", -1), s.breaker().toString());
    assertEquals(0, s.urlCooldowns());
    // Requests 1, 3 and 5 meet a pooled connection closed while idle and are sent again on a fresh
    // one, which is not pooled, so requests 2 and 4 open their own: one new connection per request.
    assertEquals(3.0, s.metric("llmrouter_upstream_stale_connection_retries_total"));
    assertEquals(6, s.upstream.connections());
    assertEquals(6, s.upstream.requests(), "every request reached the upstream once");
  }

  @Test
  void connectionsClosedWhileIdleAreNotUsedAgainOnTheIoThread() throws Exception {
    start("claude", Map.of());
    s.upstream.idleClose(Duration.ofMillis(300)).otherwise(json(200, OK_MESSAGE));
    CountDown gaps = new CountDown();
    for (int i = 0; i < 6; i++) {
      if (i > 0) gaps.await(Duration.ofMillis(500));
      assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES), "request " + i);
    }
    assertEquals(6.0, s.metric("llmrouter_answers_io_thread_total"));
    assertEquals(0, s.breaker().getLong("failures", -1), s.breaker().toString());
    assertEquals(0, s.urlCooldowns());
    // The IO thread reads an idle connection's close as it comes (200 ms before the next request
    // here) and drops it from the pool: no request meets a stale connection, none is sent again,
    // and each opens a fresh connection. Where a close does cross a request, the connection is
    // stale and the request is sent again (the next test).
    assertEquals(0.0, s.metric("llmrouter_upstream_stale_connection_retries_total"));
    assertEquals(6, s.upstream.connections());
    assertEquals(6, s.upstream.requests(), "every request reached the upstream once");
  }

  @Test
  void aConnectionClosedWithoutAnAnswerOnAFreshConnectionIsARealFailure() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(c -> false);
    String answer = s.exchange(MESSAGES);
    assertTrue(answer.startsWith("502 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"all 1 messages "
        + "channel(s) failed after 1 upstream call(s) with 1 key(s); last error: unexpected end of stream on "), answer);
    assertEquals(1, s.upstream.requests(), "a request that failed on a fresh connection is not sent again");
    assertFailures(1);
    assertEquals(0.0, s.metric("llmrouter_upstream_stale_connection_retries_total"));
    nextRequestIsServed();
  }

  @Test
  void aStreamsConnectionClosedWithoutAnAnswerOnAFreshConnectionIsARealFailure() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(c -> false);
    String answer = s.exchange(MESSAGES_STREAM);
    // The same words as OkHttp's, naming the upstream as its redacted URL does.
    assertEquals(allFailed(502, "api_error", "unexpected end of stream on " + s.upstream.url() + "..."), answer);
    assertEquals(1, s.upstream.requests(), "a request that failed on a fresh connection is not sent again");
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void aStaleConnectionIsRetriedOnceOnlyAndASecondFailureIsReal() throws Exception {
    start("claude", Map.of("STREAMS_ON_IO_THREAD", "false"));
    s.upstream.idleClose(Duration.ofMillis(100));
    s.upstream.enqueue(json(200, OK_MESSAGE), c -> false);
    assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES));
    new CountDown().await(Duration.ofMillis(300));
    String answer = s.exchange(MESSAGES);
    assertTrue(answer.startsWith("502 "), answer);
    assertTrue(answer.contains("last error: unexpected end of stream on "), answer);
    assertEquals(2, s.upstream.requests(), "the resent request reached the upstream once");
    assertEquals(1.0, s.metric("llmrouter_upstream_stale_connection_retries_total"));
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void aStaleConnectionIsRetriedOnceOnlyAndASecondFailureIsRealOnTheIoThread() throws Exception {
    start("claude", Map.of());
    // The IO thread drops a connection closed while idle before it is used (see above), so the
    // pooled connection is closed here as the second request arrives on it: it reached the
    // upstream, and so does the request sent again on a fresh connection, which is closed too.
    s.upstream.enqueue(json(200, OK_MESSAGE), c -> false, c -> false);
    assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES));
    // The first answer's connection is back among the idle ones once its end was read.
    new CountDown().await(Duration.ofMillis(150));
    String answer = s.exchange(MESSAGES);
    assertEquals(allFailed(502, "api_error", "unexpected end of stream on " + s.upstream.url() + "..."), answer);
    assertEquals(3, s.upstream.requests(), "the request was sent again once, and only once");
    assertEquals(2, s.upstream.connections());
    assertEquals(1.0, s.metric("llmrouter_upstream_stale_connection_retries_total"));
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void aResetMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(resetAfter(STREAM_START));
    String answer = s.exchange(MESSAGES_STREAM);
    assertTrue(answer.startsWith("200 " + STREAM_START + ERROR_EVENT_PREFIX), answer);
    assertTrue(answer.contains("upstream stream failed"), answer);
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void anEndlessLineIsCutAtTheEventLimitWithAnErrorEventAndReadNoFurther() throws Exception {
    start("claude", Map.of());
    warmUp();
    s.upstream.enqueue(endlessLine(STREAM_START, 1 << 20, 512L << 20));
    String answer = s.exchange(MESSAGES_STREAM);
    long took = millisSince(s.upstream.markNanos());
    assertTrue(took < 2000, "the error came " + took + " ms after the upstream passed the limit");
    assertEquals("200 " + STREAM_START + ERROR_EVENT_PREFIX
        + "\"api_error\",\"message\":\"upstream stream failed: upstream event larger than 1 MiB\"}}\n\n", answer);
    // The router read about 1 MiB and closed: the upstream could not push more than socket buffers on top.
    assertTrue(s.upstream.bytesSent() < 24L << 20, "the upstream wrote " + s.upstream.bytesSent() + " bytes");
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void anEndlessLineOfAConvertedStreamEndsWithTheClientsErrorEvent() throws Exception {
    start("openai", Map.of());
    String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":"
        + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"he\"},\"finish_reason\":null}]}\n\n";
    s.upstream.enqueue(endlessLine(chunk, 1 << 20, 512L << 20));
    String answer = s.exchange(MESSAGES_STREAM);
    assertTrue(answer.startsWith("200 event: message_start"), answer);
    assertTrue(answer.endsWith("upstream event larger than 1 MiB\"}}\n\n"), answer);
    assertTrue(answer.contains(ERROR_EVENT_PREFIX), answer);
    assertTrue(s.upstream.bytesSent() < 24L << 20, "the upstream wrote " + s.upstream.bytesSent() + " bytes");
  }

  @Test
  void aNonStreamedAnswerLargerThanTheBodyLimitFailsAsAnUpstreamFault() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(json(200, "{\"padding\":\"" + "x".repeat(2 << 20) + "\"}"));
    assertEquals(allFailed(502, "api_error", "upstream answer larger than 1 MiB"), s.exchange(MESSAGES));
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void aSilentUpstreamIsCutAtTheResponseHeaderTimeoutCountedFromTheRequest() throws Exception {
    // A connect timeout far longer than the header timeout: the header wait must not spend it.
    start("claude", Map.of("CONNECT_TIMEOUT", "10"));
    warmUp();
    s.upstream.enqueue(silence());
    String answer = s.exchange(MESSAGES);
    assertTimedOutSoonAfterTheRequest(answer, "read timeout");
  }

  @Test
  void aSilentUpstreamOfAStreamIsCutAtTheResponseHeaderTimeoutCountedFromTheRequest() throws Exception {
    start("claude", Map.of("CONNECT_TIMEOUT", "10"));
    warmUp();
    s.upstream.enqueue(silence());
    String answer = s.exchange(MESSAGES_STREAM);
    assertTimedOutSoonAfterTheRequest(answer, "read timeout");
  }

  @Test
  void headersTricklingInAreCutAtTheResponseHeaderTimeout() throws Exception {
    start("claude", Map.of());
    warmUp();
    s.upstream.enqueue(trickle("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}", Duration.ofMillis(100)));
    String answer = s.exchange(MESSAGES);
    assertTimedOutSoonAfterTheRequest(answer, "read timeout");
  }

  @Test
  void aBodyTricklingInIsCutAtTheRequestTimeout() throws Exception {
    start("claude", Map.of("RESPONSE_HEADER_TIMEOUT", "5", "REQUEST_TIMEOUT", "1000"));
    warmUp();
    String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + OK_MESSAGE.length() + "\r\n\r\n";
    s.upstream.enqueue(c -> {
      c.write(head);
      return trickle(OK_MESSAGE, Duration.ofMillis(100)).answer(c);
    });
    String answer = s.exchange(MESSAGES);
    assertTimedOutSoonAfterTheRequest(answer, "timeout");
  }

  @Test
  void aStreamSilentLongerThanTheIdleTimeoutEndsWithAnErrorEvent() throws Exception {
    start("claude", Map.of());
    warmUp();
    s.upstream.enqueue(c -> {
      c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
      c.write(Integer.toHexString(STREAM_START.length()) + "\r\n" + STREAM_START + "\r\n");
      c.mark();
      return silence().answer(c);
    });
    String answer = s.exchange(MESSAGES_STREAM);
    long took = millisSince(s.upstream.markNanos());
    assertTrue(took < 1500, "the error came " + took + " ms after the last event");
    assertEquals("200 " + STREAM_START + ERROR_EVENT_PREFIX
        + "\"api_error\",\"message\":\"upstream stream failed: idle timeout\"}}\n\n", answer);
    nextRequestIsServed();
  }

  @Test
  void aStreamTricklingBytesThatNeverCompleteAnEventIsCutAtTheIdleTimeout() throws Exception {
    start("claude", Map.of());
    warmUp();
    s.upstream.enqueue(c -> {
      c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + STREAM_START);
      c.mark();
      return trickle(STREAM_REST, Duration.ofMillis(100)).answer(c);
    });
    String answer = s.exchange(MESSAGES_STREAM);
    long took = millisSince(s.upstream.markNanos());
    assertTrue(took < 1500, "the error came " + took + " ms after the last whole event");
    assertEquals("200 " + STREAM_START + ERROR_EVENT_PREFIX
        + "\"api_error\",\"message\":\"upstream stream failed: idle timeout\"}}\n\n", answer);
    nextRequestIsServed();
  }

  @Test
  void aConnectThatHangsIsCutAtTheConnectTimeout() throws Exception {
    assertAConnectThatHangsIsCutAtTheConnectTimeout(MESSAGES);
  }

  @Test
  void aStreamsConnectThatHangsIsCutAtTheConnectTimeout() throws Exception {
    assertAConnectThatHangsIsCutAtTheConnectTimeout(MESSAGES_STREAM);
  }

  /** Sends {@code body} to a channel whose connect hangs, with a response-header timeout far longer than the connect one. */
  private void assertAConnectThatHangsIsCutAtTheConnectTimeout(String body) throws Exception {
    try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      // The listen queue of one is filled; further connection attempts get no answer at all.
      java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          java.net.Socket f = new java.net.Socket();
          fillers.add(f);
          f.connect(full.getLocalSocketAddress(), 200);
        }
      } catch (java.net.SocketTimeoutException e) {
        // The queue is full.
      }
      start("claude", Map.of("RESPONSE_HEADER_TIMEOUT", "30"));
      warmUp();
      java.nio.file.Files.writeString(dir.resolve("config.json"), java.nio.file.Files.readString(dir.resolve(
          "config.json")).replace(s.upstream.url(), "http://127.0.0.1:" + full.getLocalPort() + "/"));
      s.app.channelStore().reloadFromDisk();
      long start = System.nanoTime();
      String answer = s.exchange(body);
      assertTrue(millisSince(start) < 1500, "the answer took " + millisSince(start) + " ms");
      // OkHttp's connect timeout is a SocketTimeoutException, which the router calls a read
      // timeout; the IO-thread client fails an overdue connect with the same.
      assertEquals(allFailed(504, "timeout_error", "read timeout"), answer);
      for (java.net.Socket f : fillers) f.close();
    }
  }

  @Test
  void aCloseDelimitedHttp10AnswerIsRelayedWhole() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(http10("application/json", OK_MESSAGE));
    assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES));
    nextRequestIsServed();
  }

  @Test
  void aGzipAnswerThatIsNotGzipFailsAsAnUpstreamFault() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(gzipGarbage());
    // OkHttp's words were Okio's ("ID1ID2: actual 0x00007468 != expected 0x00001f8b"); the
    // IO-thread path says what is wrong in plain words, with the same status and failover.
    assertEquals(allFailed(502, "api_error", "upstream gzip body is broken: no gzip header (it starts 0x7468)"),
        s.exchange(MESSAGES));
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void aGzipAnswerIsDecodedForTheClient() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(gzipped(200, "application/json", OK_MESSAGE.getBytes(StandardCharsets.UTF_8)));
    try (Response r = s.messages(MESSAGES)) {
      assertEquals(200, r.code());
      assertEquals(null, r.header("Content-Encoding"));
      assertEquals(String.valueOf(OK_MESSAGE.length()), r.header("Content-Length"));
      assertEquals(OK_MESSAGE, r.body().string());
    }
    assertFailures(0);
    nextRequestIsServed();
  }

  @Test
  void aGzipAnswerLargerThanTheBodyLimitOnceDecodedFailsAsAnUpstreamFault() throws Exception {
    start("claude", Map.of());
    // 8 MiB of padding packs into a few kilobytes: the limit holds for what it decodes to.
    s.upstream.enqueue(gzipped(200, "application/json", ("{\"padding\":\"" + "x".repeat(8 << 20) + "\"}")
        .getBytes(StandardCharsets.UTF_8)));
    assertEquals(allFailed(502, "api_error", "upstream answer larger than 1 MiB"), s.exchange(MESSAGES));
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void aGzipErrorAnswerIsDecodedBeforeItIsJudged() throws Exception {
    start("claude", Map.of());
    String invalid = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad model\"}}";
    s.upstream.enqueue(gzipped(400, "application/json", invalid.getBytes(StandardCharsets.UTF_8)));
    assertEquals("400 " + invalid, s.exchange(MESSAGES));
    nextRequestIsServed();
  }

  @Test
  void aGzipStreamIsDecodedAsItComes() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(c -> {
      byte[] packed = gzip((STREAM_START + STREAM_REST).getBytes(StandardCharsets.UTF_8));
      c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Encoding: gzip\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      // In pieces, as a compressing upstream flushes them.
      for (int at = 0; at < packed.length; at += 16) {
        int n = Math.min(16, packed.length - at);
        c.write(Integer.toHexString(n) + "\r\n");
        c.write(java.util.Arrays.copyOfRange(packed, at, at + n));
        c.write("\r\n");
      }
      c.write("0\r\n\r\n");
      return true;
    });
    assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM));
    assertFailures(0);
    nextRequestIsServed();
  }

  /** {@code body} packed with gzip. */
  private static byte[] gzip(byte[] body) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(body);
    }
    return out.toByteArray();
  }

  /** A whole answer whose body is {@code body} packed with gzip, as {@code Content-Encoding: gzip} says. */
  private static dev.llmrouter.api.testing.FaultyUpstream.Fault gzipped(int status, String type, byte[] body) {
    return c -> {
      byte[] packed = gzip(body);
      c.write("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Encoding: gzip\r\nContent-Length: "
          + packed.length + "\r\n\r\n");
      c.write(packed);
      return true;
    };
  }

  @Test
  void invalidUtf8InAPassedThroughStreamIsRelayedByteForByte() throws Exception {
    start("claude", Map.of());
    ByteArrayOutputStream events = new ByteArrayOutputStream();
    events.writeBytes(STREAM_START.getBytes(StandardCharsets.UTF_8));
    byte[] broken = ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"text_delta\",\"text\":\"\u00ff\u00fe\"}}\n\n").getBytes(StandardCharsets.ISO_8859_1);
    events.writeBytes(broken);
    events.writeBytes(STREAM_REST.getBytes(StandardCharsets.UTF_8));
    s.upstream.enqueue(sse(events.toByteArray()));
    try (Response r = s.messages(MESSAGES_STREAM)) {
      assertEquals(200, r.code());
      assertEquals(java.util.Arrays.toString(events.toByteArray()), java.util.Arrays.toString(r.body().bytes()));
    }
    nextRequestIsServed();
  }

  @Test
  void invalidUtf8InAConvertedStreamBecomesReplacementCharacters() throws Exception {
    start("openai", Map.of());
    ByteArrayOutputStream events = new ByteArrayOutputStream();
    events.writeBytes(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"a\u00ff\u00feb\"},\"finish_reason\":null}]}\n\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    events.writeBytes(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
    s.upstream.enqueue(sse(events.toByteArray()));
    String answer = s.exchange(MESSAGES_STREAM);
    assertTrue(answer.startsWith("200 event: message_start"), answer);
    assertTrue(answer.contains("\"text_delta\",\"text\":\"a\ufffd\ufffdb\"}"), answer);
    assertTrue(answer.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), answer);
    nextRequestIsServed();
  }

  @Test
  void aStatus200WithAnErrorBodyFailsOverAsAnUpstreamFault() throws Exception {
    start("claude", Map.of());
    s.upstream.enqueue(json(200, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"));
    // The upstream's own error, in the client's protocol already, goes to the client with a 502.
    assertEquals("502 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}",
        s.exchange(MESSAGES));
    assertFailures(1);
    nextRequestIsServed();
  }

  @Test
  void a529StormIsAnsweredAs503WithTheUpstreamsBodyAndRetryAfter() throws Exception {
    start("claude", Map.of());
    String overloaded = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    s.upstream.otherwise(json(529, overloaded, "retry-after: 7"));
    for (int i = 0; i < 3; i++) {
      try (Response r = s.messages(MESSAGES)) {
        assertEquals(503, r.code(), "request " + i);
        assertEquals("7", r.header("retry-after"), "request " + i);
        assertEquals(overloaded, r.body().string(), "request " + i);
      }
    }
    assertEquals(3, s.upstream.requests(), "each request tried the only channel once");
    nextRequestIsServed();
  }

  /** Waits out gaps between requests on a latch nobody counts down: a pause with no sleep. */
  private static final class CountDown {
    private final java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);

    void await(Duration d) throws InterruptedException {
      assertTrue(!never.await(d.toNanos(), TimeUnit.NANOSECONDS));
    }
  }
}
