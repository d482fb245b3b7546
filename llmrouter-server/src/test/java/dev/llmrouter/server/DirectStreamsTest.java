package dev.llmrouter.server;

import static dev.llmrouter.api.testing.FaultyUpstream.json;
import static dev.llmrouter.api.testing.FaultyUpstream.sse;
import static dev.llmrouter.server.FaultServer.MESSAGES;
import static dev.llmrouter.server.FaultServer.MESSAGES_STREAM;
import static dev.llmrouter.server.FaultServer.OK_MESSAGE;
import static dev.llmrouter.server.FaultServer.STREAM_REST;
import static dev.llmrouter.server.FaultServer.STREAM_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.testing.FaultyUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests served on the IO thread from start to end (a passed-through stream, or a plain request
 * whose answer comes whole, with no worker and no thread of its own), through a whole server and
 * small socket upstreams: the client gets the upstream's bytes unchanged, upstream connections are
 * kept and reused, a stale one is sent again, an upstream that fails before its first event (or a
 * plain request's upstream that fails) fails over, a client that hangs up closes the upstream
 * connection at once, a silent upstream gets the client keep-alives, a plain answer is bounded by
 * the total timeout, a stop ends a slow client's stream after the events waiting for it (and lets
 * one whose end was already read finish without an error event), and what needs a worker (a
 * converted request) still gets one.
 */
class DirectStreamsTest {
  private static final String SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n";

  @TempDir Path dir;
  private FaultServer s;
  private FaultyUpstream second;

  @AfterEach
  void tearDown() {
    if (s != null) s.close();
    if (second != null) second.close();
  }

  private static byte[] chunk(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    byte[] head = (Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + b.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(b, 0, out, head.length, b.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  private double ioStreams() throws IOException {
    return s.metric("llmrouter_streams_io_thread_total");
  }

  private double ioAnswers() throws IOException {
    return s.metric("llmrouter_answers_io_thread_total");
  }

  @Test
  void aPassedThroughStreamIsServedOnTheIoThreadByteForByteOnOneUpstreamConnection() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    // The answer and the end of its chunked body in one write.
    s.upstream.otherwise(c -> {
      byte[] head = SSE_HEAD.getBytes(StandardCharsets.UTF_8);
      byte[] events = chunk(STREAM_START + STREAM_REST);
      byte[] end = "0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[head.length + events.length + end.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(events, 0, all, head.length, events.length);
      System.arraycopy(end, 0, all, head.length + events.length, end.length);
      c.write(all);
      return true;
    });
    for (int i = 0; i < 3; i++) {
      // The connection is back among the idle ones once its answer's end was read: a moment after
      // the client has the stream's end.
      if (i > 0) new CountDownLatch(1).await(150, TimeUnit.MILLISECONDS);
      assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM), "stream " + i);
    }
    assertEquals(3.0, ioStreams());
    assertEquals(1, s.upstream.connections(), "the kept-alive upstream connection served every stream");
    String head = s.upstream.lastHead();
    assertTrue(head.startsWith("POST /v1/messages HTTP/1.1\r\n"), head);
    assertTrue(head.toLowerCase().contains("x-api-key: sk-fault-key-1\r\n"), head);
    assertTrue(head.toLowerCase().contains("anthropic-version: 2023-06-01\r\n"), head);
    assertTrue(new String(s.upstream.lastBody(), StandardCharsets.UTF_8).contains("\"stream\":true"));
    // The settled attempts count as successes in the channel's breaker.
    assertEquals(0, s.breaker().getLong("failures", -1));
  }

  @Test
  void aKeptAliveConnectionClosedWhileIdleIsNotUsedAgain() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    s.upstream.idleClose(Duration.ofMillis(200)).otherwise(sse(STREAM_START + STREAM_REST));
    CountDownLatch never = new CountDownLatch(1);
    for (int i = 0; i < 4; i++) {
      if (i > 0) never.await(400, TimeUnit.MILLISECONDS);
      assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM), "stream " + i);
    }
    assertEquals(4.0, ioStreams());
    assertEquals(0, s.breaker().getLong("failures", -1), s.breaker().toString());
    assertEquals(4, s.upstream.requests(), "every stream reached the upstream once");
  }

  @Test
  void aStaleKeptAliveConnectionIsSentAgainOnAFreshOneWithoutPenalty() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    // The second request meets the first one's connection, which the upstream closes on it unanswered.
    s.upstream.enqueue(sse(STREAM_START + STREAM_REST), c -> false, sse(STREAM_START + STREAM_REST));
    assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM));
    // The first stream's connection is back among the idle ones once the end of its answer was read.
    new CountDownLatch(1).await(150, TimeUnit.MILLISECONDS);
    assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM));
    assertEquals(3, s.upstream.requests(), "the second stream was sent again once");
    assertEquals(2, s.upstream.connections());
    assertEquals(1.0, s.metric("llmrouter_upstream_stale_connection_retries_total"));
    assertEquals(0, s.breaker().getLong("failures", -1), s.breaker().toString());
    assertEquals(2.0, ioStreams());
  }

  /** A server whose first channel answers 503 to everything, and a second channel behind it ({@link #second}). */
  private void startWithABusyFirstChannelAndASecond() throws Exception {
    second = new FaultyUpstream();
    s = new FaultServer(dir, "claude", Map.of(), "{\"id\":\"ch-g\",\"name\":\"second\",\"serviceType\":\"claude\","
        + "\"baseUrl\":\"" + second.url() + "\",\"apiKeys\":[\"sk-second-key-2\"],\"status\":\"active\",\"priority\":2}");
    s.upstream.otherwise(json(503, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"));
  }

  @Test
  void aStreamThatFailsBeforeItsFirstEventFailsOverToTheNextChannel() throws Exception {
    startWithABusyFirstChannelAndASecond();
    second.otherwise(sse(STREAM_START + STREAM_REST));
    try (Response r = s.messages(MESSAGES_STREAM)) {
      assertEquals(200, r.code());
      assertEquals("2", r.header("x-llmrouter-attempts"));
      assertEquals("second", r.header("x-llmrouter-channel"));
      assertEquals(STREAM_START + STREAM_REST, r.body().string());
    }
    assertEquals(1, s.upstream.requests());
    assertEquals(1, second.requests());
    assertEquals(1.0, ioStreams());
  }

  @Test
  void aStreamSilentBeforeItsFirstEventFailsOverAtTheIdleTimeoutToTheNextChannel() throws Exception {
    startWithABusyFirstChannelAndASecond();
    // The first channel sends its answer's head and then nothing, past the idle timeout (1 s here).
    CountDownLatch cut = new CountDownLatch(1);
    s.upstream.enqueue(c -> {
      c.write(SSE_HEAD);
      c.socket().setSoTimeout(5_000);
      try {
        if (c.socket().getInputStream().read() < 0) cut.countDown();
      } catch (java.net.SocketTimeoutException e) {
        // still open
      } catch (IOException e) {
        cut.countDown();
      }
      return false;
    });
    // The second answers a moment after it is asked, while the first attempt's timer is spent.
    second.enqueue(c -> {
      if (!c.pause(Duration.ofMillis(300))) return false;
      c.write(SSE_HEAD);
      c.write(chunk(STREAM_START + STREAM_REST));
      c.write("0\r\n\r\n");
      return true;
    });
    long start = System.nanoTime();
    try (Response r = s.messages(MESSAGES_STREAM)) {
      assertEquals(200, r.code());
      assertEquals("2", r.header("x-llmrouter-attempts"));
      assertEquals("second", r.header("x-llmrouter-channel"));
      assertEquals(STREAM_START + STREAM_REST, r.body().string());
    }
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(took >= 1000 && took < 4000, "answered after " + took + " ms");
    assertTrue(cut.await(5, TimeUnit.SECONDS), "the silent attempt's connection was not closed");
    assertEquals(1.0, ioStreams());
  }

  @Test
  void anUpstreamThatAnswersJsonToAStreamRequestIsRelayedWhole() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    s.upstream.otherwise(json(200, OK_MESSAGE));
    assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES_STREAM));
  }

  @Test
  void anUpstreamErrorBeforeTheStreamIsTheClientsAnswerInItsFormat() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    String invalid = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad model\"}}";
    s.upstream.otherwise(json(400, invalid));
    assertEquals("400 " + invalid, s.exchange(MESSAGES_STREAM));
    s.upstream.otherwise(sse(STREAM_START + STREAM_REST));
    assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM), "the next stream is served");
  }

  @Test
  void aClientThatHangsUpMidStreamClosesTheUpstreamConnectionAtOnce() throws Exception {
    s = new FaultServer(dir, "claude", Map.of("STREAM_IDLE_TIMEOUT", "30"));
    AtomicLong upstreamSawClose = new AtomicLong();
    CountDownLatch closed = new CountDownLatch(1);
    s.upstream.enqueue(c -> {
      c.write(SSE_HEAD);
      c.write(chunk(STREAM_START));
      c.socket().setSoTimeout(10_000);
      InputStream in = c.socket().getInputStream();
      try {
        if (in.read() < 0) upstreamSawClose.set(System.nanoTime());
      } catch (IOException e) {
        upstreamSawClose.set(System.nanoTime());
      }
      closed.countDown();
      return false;
    });
    long hungUp;
    try (Response r = s.messages(MESSAGES_STREAM)) {
      assertEquals(200, r.code());
      BufferedSource body = r.body().source();
      String first = body.readUtf8Line();
      assertTrue(first.startsWith("event: message_start"), first);
      hungUp = System.nanoTime();
    }
    s.client.connectionPool().evictAll();
    assertTrue(closed.await(5, TimeUnit.SECONDS), "the upstream connection stayed open");
    long took = TimeUnit.NANOSECONDS.toMillis(upstreamSawClose.get() - hungUp);
    assertTrue(upstreamSawClose.get() != 0 && took < 2000, "closed " + took + " ms after the hang-up");
    s.upstream.otherwise(sse(STREAM_START + STREAM_REST));
    assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM), "the next stream is served");
  }

  @Test
  void aSilentUpstreamGetsTheClientKeepAlivesOnTheIoThread() throws Exception {
    s = new FaultServer(dir, "claude", Map.of("STREAM_IDLE_TIMEOUT", "10", "STREAM_PING_S", "1"));
    s.upstream.enqueue(c -> {
      c.write(SSE_HEAD);
      c.write(chunk(STREAM_START));
      if (!c.pause(Duration.ofMillis(2600))) return false;
      c.write(chunk(STREAM_REST));
      c.write("0\r\n\r\n");
      return true;
    });
    String answer = s.exchange(MESSAGES_STREAM);
    String ping = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
    assertTrue(answer.startsWith("200 " + STREAM_START + ping), answer);
    assertTrue(answer.endsWith(ping + STREAM_REST), answer);
    assertEquals(1.0, ioStreams());
  }

  @Test
  void aStreamSilentBeyondTheIdleTimeoutEndsWithAnErrorEventAndTheConnectionIsClosed() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    s.upstream.enqueue(c -> {
      c.write(SSE_HEAD);
      c.write(chunk(STREAM_START));
      c.pause(Duration.ofSeconds(5));
      return false;
    });
    long start = System.nanoTime();
    String answer = s.exchange(MESSAGES_STREAM);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(answer.startsWith("200 " + STREAM_START + "event: error\n"), answer);
    assertTrue(answer.contains("idle timeout"), answer);
    assertTrue(took < 3000, "ended after " + took + " ms");
  }

  @Test
  void aPlainAnswerLargerThanTheIoBuffersIsWrittenWholeFromTheAnswersOwnBytes() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    // 300 KB: written from the answer's own bytes (read-only, not copied), many times an IO buffer.
    StringBuilder text = new StringBuilder(300_100);
    for (int i = 0; text.length() < 300_000; i++) text.append(i % 10);
    String big = "{\"type\":\"message\",\"padding\":\"" + text + "\"}";
    s.upstream.otherwise(json(200, big));
    try (Response r = s.messages(MESSAGES)) {
      assertEquals(200, r.code());
      assertEquals(String.valueOf(big.length()), r.header("Content-Length"));
      assertEquals(big, r.body().string());
    }
    assertEquals(1.0, ioAnswers());
  }

  @Test
  void aPlainPassthroughRequestIsServedOnTheIoThreadWholeOnOneUpstreamConnection() throws Exception {
    s = new FaultServer(dir, "claude", Map.of());
    s.upstream.otherwise(json(200, OK_MESSAGE));
    for (int i = 0; i < 3; i++) {
      // The connection is back among the idle ones once its answer's end was read.
      if (i > 0) new CountDownLatch(1).await(150, TimeUnit.MILLISECONDS);
      try (Response r = s.messages(MESSAGES)) {
        assertEquals(200, r.code(), "request " + i);
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(String.valueOf(OK_MESSAGE.getBytes(StandardCharsets.UTF_8).length), r.header("Content-Length"));
        assertEquals("1", r.header("x-llmrouter-attempts"));
        assertEquals(OK_MESSAGE, r.body().string());
      }
    }
    assertEquals(3.0, ioAnswers());
    assertEquals(0.0, ioStreams());
    assertEquals(1, s.upstream.connections(), "the kept-alive upstream connection served every request");
    String head = s.upstream.lastHead();
    assertTrue(head.startsWith("POST /v1/messages HTTP/1.1\r\n"), head);
    assertTrue(head.toLowerCase().contains("x-api-key: sk-fault-key-1\r\n"), head);
    assertFalse(new String(s.upstream.lastBody(), StandardCharsets.UTF_8).contains("\"stream\":true"));
    assertEquals(0, s.breaker().getLong("failures", -1));
  }

  @Test
  void aPlainRequestWhoseUpstreamFailsFailsOverOnTheIoThread() throws Exception {
    startWithABusyFirstChannelAndASecond();
    second.otherwise(json(200, OK_MESSAGE));
    try (Response r = s.messages(MESSAGES)) {
      assertEquals(200, r.code());
      assertEquals("2", r.header("x-llmrouter-attempts"));
      assertEquals("second", r.header("x-llmrouter-channel"));
      assertEquals(OK_MESSAGE, r.body().string());
    }
    assertEquals(1, s.upstream.requests());
    assertEquals(1, second.requests());
    assertEquals(1.0, ioAnswers());
  }

  @Test
  void aPlainAnswerThatDoesNotComeWholeWithinTheTotalTimeoutIsAnErrorInTheClientsFormat() throws Exception {
    s = new FaultServer(dir, "claude", Map.of("REQUEST_TIMEOUT", "1000"));
    s.upstream.otherwise(c -> {
      c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"id\":\"msg_");
      c.pause(Duration.ofSeconds(5));
      return false;
    });
    long start = System.nanoTime();
    String answer = s.exchange(MESSAGES);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(answer.startsWith("504 {\"type\":\"error\",\"error\":{\"type\":\"timeout_error\""), answer);
    assertTrue(took < 4000, "ended after " + took + " ms");
    assertEquals(1.0, ioAnswers());
  }

  @Test
  void aConvertedStreamAndAConvertedPlainRequestStillRunOnWorkers() throws Exception {
    s = new FaultServer(dir, "openai", Map.of());
    s.upstream.otherwise(json(200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-x\",\"choices\":"
        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}"));
    String plain = s.exchange(MESSAGES);
    assertTrue(plain.startsWith("200 {"), plain);
    assertTrue(plain.contains("\"text\":\"hi\""), plain);
    assertEquals(0.0, ioAnswers());
    s.upstream.otherwise(sse("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":"
        + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":"
        + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
    String answer = s.exchange(MESSAGES_STREAM);
    assertTrue(answer.startsWith("200 event: message_start"), answer);
    assertTrue(answer.contains("event: message_stop"), answer);
    assertEquals(0.0, ioStreams());
  }

  @Test
  void turnedOffEveryRequestRunsOnAWorker() throws Exception {
    s = new FaultServer(dir, "claude", Map.of("STREAMS_ON_IO_THREAD", "false"));
    s.upstream.otherwise(sse(STREAM_START + STREAM_REST));
    assertEquals("200 " + STREAM_START + STREAM_REST, s.exchange(MESSAGES_STREAM));
    assertEquals(0.0, ioStreams());
    s.upstream.otherwise(json(200, OK_MESSAGE));
    assertEquals("200 " + OK_MESSAGE, s.exchange(MESSAGES));
    assertEquals(0.0, ioAnswers());
  }

  /**
   * A stop cuts a stream whose client stopped reading: the bytes waiting for that client end in an
   * event partly written to its socket. The stop's error event comes after them, so the cut event is
   * finished first and every event the client gets is whole, in order, with the error event last.
   */
  @Test
  void aStopCutsASlowClientsStreamAfterTheEventsWaitingForIt() throws Exception {
    s = new FaultServer(dir, "claude", Map.of("STREAM_IDLE_TIMEOUT", "30", "SHUTDOWN_GRACE_S", "0"));
    // Far more than the sockets between the upstream, the router and the client hold.
    s.upstream.enqueue(c -> {
      c.write(SSE_HEAD);
      c.write(chunk(SlowClientStream.head()));
      for (int i = 0; i < SlowClientStream.DELTAS; i++) c.write(chunk(SlowClientStream.delta(i)));
      c.pause(Duration.ofSeconds(30));
      return false;
    });
    try (Response r = s.messages(MESSAGES_STREAM)) {
      assertEquals(200, r.code());
      // The sockets fill, and the router's writes to the client stop part-way. No grace: the
      // stream is cut at once, while the client still does not read.
      SlowClientStream.assertCutAfterWholeEvents(
          SlowClientStream.readWhileStopping(r.body().source(), s.app::close, 300));
    }
    assertEquals(1L, s.app.server().streamsServedOnIoThread(), "served on the IO thread");
  }

  /**
   * A stop that comes while a slow client's stream has its own end among the bytes waiting for that
   * client (the upstream's last events and the end of its answer were read, the client's socket is
   * full) cuts nothing: the stream ends as it is, every event whole and its own end last, with no
   * error event after it. The sockets are small on both sides, so that the last events cannot fit
   * them, whatever the kernel would size them to.
   */
  @Test
  void aStopLetsAStreamWhoseEndWasAlreadyReadEndWithoutAnErrorEvent() throws Exception {
    s = new FaultServer(dir, "claude",
        Map.of("STREAM_IDLE_TIMEOUT", "30", "SHUTDOWN_GRACE_S", "0", "CLIENT_SEND_BUFFER_KB", "4"));
    // The whole answer in one write: the router reads its end with its last events.
    s.upstream.enqueue(c -> {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      all.write(SSE_HEAD.getBytes(StandardCharsets.UTF_8));
      all.write(chunk(SlowClientStream.head()));
      all.write(chunk(SlowClientStream.END));
      all.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      c.write(all.toByteArray());
      return true;
    });
    try (Response r = s.messages(SmallReceiveBuffers.over(s.client), MESSAGES_STREAM)) {
      assertEquals(200, r.code());
      SlowClientStream.assertWholeWithoutErrorEvent(
          SlowClientStream.readEndWhileStopping(r.body().source(), s.app::close, 300));
    }
    assertEquals(1L, s.app.server().streamsServedOnIoThread(), "served on the IO thread");
  }
}
