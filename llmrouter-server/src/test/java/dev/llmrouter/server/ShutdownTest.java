package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.convert.validate.StreamValidators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stop lets requests in flight finish within the grace period, then ends the remaining streams
 * with an error event in the client's protocol (never a silent cut, and after whole events when
 * the client reads slowly) and answers requests still waiting for their upstream with a 503; a
 * request arriving during the stop is refused at once.
 */
class ShutdownTest {
  private static final Duration GRACE = Duration.ofMillis(300);
  private static final String REQUEST = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[]}";
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private Harness start(ApiKind kind, String serviceType) throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.shutdownGrace(GRACE).streamPing(Duration.ZERO));
    h.use(kind, h.channel(0, serviceType).build());
    return h;
  }

  private GatedBody gatedClaudeStream() throws Exception {
    List<String> halves = StreamKeepAliveTest.splitAfterFirstText(
        Files.readString(StreamKeepAliveTest.FIXTURES.resolve("claude").resolve("stream_text.sse")));
    GatedBody body = new GatedBody(halves, 0);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    return body;
  }

  @Test
  void aStreamStillRunningAfterTheGraceEndsWithAnErrorEventInItsProtocol() throws Exception {
    for (Protocol client : List.of(Protocol.CLAUDE, Protocol.RESPONSES, Protocol.GEMINI)) {
      start(StreamKeepAliveTest.kind(client), "claude");
      GatedBody body = gatedClaudeStream();
      try (Response r = h.call(h.streamRequest(client, false))) {
        assertEquals(200, r.code());
        BufferedSource source = r.body().source();
        StringBuilder got = new StringBuilder();
        StreamKeepAliveTest.readUntil(source, got, s -> s.contains("Hello"));
        long started = System.nanoTime();
        h.server.close();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        got.append(source.readUtf8());
        String all = got.toString();
        assertTrue(all.contains("the server is shutting down"), client + ": " + all);
        // The error event is the stream's last one, in the client's own shape.
        String last = all.substring(all.lastIndexOf("\n\n", all.length() - 3) + 2);
        if (client == Protocol.GEMINI) {
          JsonObject error = Json.parseObject(last.substring("data: ".length()).trim()).getObject("error");
          assertEquals("UNAVAILABLE", error.getString("status"), all);
        } else {
          assertTrue(last.startsWith("event: error\n") || last.startsWith("event: response.failed\n"), client + ": " + last);
          StreamValidators.forProtocol(client).validate(all.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(tookMs < GRACE.toMillis() + 3000, "stop took " + tookMs + " ms");
      } finally {
        body.release();
      }
      // The cut counts as a cancel, not as a failure of the channel.
      AttemptOutcome outcome = h.outcomes.poll(10, TimeUnit.SECONDS);
      assertEquals(AttemptOutcome.Result.CANCELLED, outcome.result(), String.valueOf(outcome));
      h.close();
      h = null;
    }
  }

  @Test
  void aStreamThatEndsWithinTheGraceIsDeliveredWhole() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.shutdownGrace(Duration.ofSeconds(10)));
    h.use(ApiKind.MESSAGES, h.channel(0, "claude").build());
    GatedBody body = gatedClaudeStream();
    try (Response r = h.call(h.streamRequest(Protocol.CLAUDE, false))) {
      BufferedSource source = r.body().source();
      StringBuilder got = new StringBuilder();
      StreamKeepAliveTest.readUntil(source, got, s -> s.contains("Hello"));
      CompletableFuture<Void> stop = CompletableFuture.runAsync(h.server::close);
      // Once the stop has begun (the close runs on another thread), /ready says so ...
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int ready = 200;
      while (ready != 503 && System.nanoTime() < until) {
        try (Response notReady = h.call(new okhttp3.Request.Builder().url(h.url("/ready")).build())) {
          ready = notReady.code();
        }
      }
      assertEquals(503, ready, "/ready during the stop");
      // ... and a new request is refused at once.
      try (Response refused = h.call(h.post("/v1/messages", REQUEST).build())) {
        assertEquals(503, refused.code());
        JsonObject error = Json.parseObject(refused.body().string()).getObject("error");
        assertEquals("overloaded_error", error.getString("type"));
        assertEquals("the server is shutting down", error.getString("message"));
      }
      assertFalse(stop.isDone());
      body.release();
      got.append(source.readUtf8());
      String all = got.toString();
      StreamValidators.forProtocol(Protocol.CLAUDE).validate(all.getBytes(StandardCharsets.UTF_8));
      assertTrue(all.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), all);
      stop.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRequestStillWaitingForItsUpstreamAfterTheGraceGets503InItsShape() throws Exception {
    start(ApiKind.MESSAGES, "claude");
    h.upstream(0).enqueue(new MockResponse.Builder().headersDelay(20, TimeUnit.SECONDS).body("{}").build());
    CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> {
      try {
        return h.call(h.post("/v1/messages", REQUEST).build());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertTrue(h.upstream(0).takeRequest(10, TimeUnit.SECONDS) != null);
    h.server.close();
    try (Response r = answer.get(10, TimeUnit.SECONDS)) {
      assertEquals(503, r.code());
      JsonObject body = Json.parseObject(r.body().string());
      assertEquals("error", body.getString("type"));
      assertEquals("overloaded_error", body.getObject("error").getString("type"));
      assertTrue(body.getObject("error").getString("message").contains("shutting down"));
    }
  }

  /**
   * A stop cuts a stream relayed by a worker (the test's upstream client is its own, so no attempt
   * is served on the IO thread) whose client stopped reading: the worker is blocked writing to it,
   * and the error event follows whole events, in order, once the client reads again.
   */
  @Test
  void aSlowClientsStreamRelayedByAWorkerEndsWithWholeEventsThenTheErrorEvent() throws Exception {
    start(ApiKind.MESSAGES, "claude");
    // Far more than the sockets between the upstream, the router and the client hold.
    StringBuilder sent = new StringBuilder(SlowClientStream.head());
    for (int i = 0; i < SlowClientStream.DELTAS; i++) sent.append(SlowClientStream.delta(i));
    GatedBody body = new GatedBody(List.of(sent.toString(), "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), 0);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try (Response r = h.call(h.streamRequest(Protocol.CLAUDE, false))) {
      assertEquals(200, r.code());
      // The sockets fill, and the worker's write to the client blocks. The grace ends and the
      // stream is cut while the client still does not read.
      SlowClientStream.assertCutAfterWholeEvents(
          SlowClientStream.readWhileStopping(r.body().source(), h.server::close, GRACE.toMillis() + 500));
    } finally {
      body.release();
    }
    assertEquals(0L, h.server.streamsServedOnIoThread(), "relayed by a worker");
  }

  /**
   * A stop that comes while a worker is blocked writing a stream's last events to a slow client
   * (small sockets on both sides) cuts nothing: once the client reads, the stream ends as it is, with
   * no error event after its own end.
   */
  @Test
  void aStopLetsAStreamRelayedByAWorkerWhoseEndWasAlreadyReadEndWithoutAnErrorEvent() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT,
        o -> o.shutdownGrace(Duration.ZERO).streamPing(Duration.ZERO).clientSendBuffer(4096));
    h.use(ApiKind.MESSAGES, h.channel(0, "claude").build());
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(SlowClientStream.head() + SlowClientStream.END).build());
    try (Response r = SmallReceiveBuffers.over(h.client).newCall(h.streamRequest(Protocol.CLAUDE, false)).execute()) {
      assertEquals(200, r.code());
      SlowClientStream.assertWholeWithoutErrorEvent(
          SlowClientStream.readEndWhileStopping(r.body().source(), h.server::close, 300));
    }
    assertEquals(0L, h.server.streamsServedOnIoThread(), "relayed by a worker");
  }
}
