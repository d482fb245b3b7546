package dev.llmrouter.providers;

import static dev.llmrouter.providers.ProviderFixture.clientHeaders;
import static dev.llmrouter.providers.ProviderFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attempt timeouts kept by the transport's deadline ticker: each limit fails the attempt as a
 * timeout (not a cancellation), a stream that keeps sending is never cut, and every finished
 * attempt stops being watched.
 */
class DeadlinesTest {
  private static final String BODY = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"usage\":{\"input_tokens\":1,"
      + "\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
      + "\"text_delta\",\"text\":\"hello\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
      + "\"usage\":{\"output_tokens\":2}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  private final ProviderFixture f = new ProviderFixture();
  private final HttpTransport transport = new HttpTransport(f.client);
  private final Provider claude = Providers.standard(transport, f.converter).get("claude");

  DeadlinesTest() throws IOException {}

  @AfterEach
  void tearDown() {
    f.close();
  }

  private UpstreamCall call(boolean stream, Timeouts t) {
    Channel channel = f.channel("claude", "sk-upstream-key").build();
    ClientRequest req = request(ApiKind.MESSAGES, "messages", "/v1/messages",
        stream ? BODY.replace("}]}", "}],\"stream\":true}") : BODY, "m", stream, clientHeaders());
    return new UpstreamCall(req, channel, channel.effectiveBaseUrl(), "sk-upstream-key", "m", new CancelSignal(), t);
  }

  /** An attempt stops being watched before its failure or its closed answer reaches the caller. */
  private void assertNothingWatched() {
    assertEquals(0, transport.deadlines().size(), "a finished attempt is still watched");
  }

  @Test
  void headersThatDoNotComeInTimeFailAsAReadTimeoutCountedFromTheRequest() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("{}").build());
    // A connect timeout far above the header timeout: once the request is written, only the header timeout counts.
    Timeouts t = new Timeouts(Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofSeconds(20), Duration.ofSeconds(20));
    long start = System.nanoTime();
    SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> claude.open(call(false, t)));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("timeout: no response headers within 300 ms of the request", e.getMessage());
    assertTrue(tookMs < 2000, "the call was not cut at its deadline: " + tookMs + " ms");
    // OkHttp reports the cancel to its listener after it closed the socket, so the caller may see
    // the failure first.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (f.cancelled.isEmpty() && System.nanoTime() < until) Thread.onSpinWait();
    assertEquals(1, f.cancelled.size(), "the overdue call is cancelled");
    assertNothingWatched();
  }

  @Test
  void aNonStreamedAnswerLongerThanTheTotalLimitFailsAsACallTimeout() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body("{\"id\":\"x\",\"padding\":\"" + "a".repeat(400) + "\"}")
        .throttleBody(50, 200, TimeUnit.MILLISECONDS).build());
    Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(400), Duration.ofSeconds(20));
    try (UpstreamExchange ex = claude.open(call(false, t))) {
      InterruptedIOException e = assertThrows(InterruptedIOException.class, ex::body);
      assertFalse(e instanceof SocketTimeoutException, "the total limit is a call timeout, not a read timeout");
      assertTrue(e.getMessage().contains("took longer than 400 ms"), e.getMessage());
    }
    assertNothingWatched();
  }

  @Test
  void aStreamSilentLongerThanTheIdleLimitEndsWithAnErrorEvent() throws Exception {
    int first = STREAM.indexOf("event: content_block_start");
    f.upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM)
        .throttleBody(first, 2, TimeUnit.SECONDS).build());
    Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(300));
    try (UpstreamExchange ex = claude.open(call(true, t))) {
      String frames = ProviderFixture.drain(ex);
      assertTrue(frames.startsWith("event: message_start"), frames);
      assertTrue(frames.contains("!") && frames.contains("idle timeout"), frames);
      assertTrue(ex.failure().contains("idle timeout"), ex.failure());
    }
    assertNothingWatched();
  }

  @Test
  void aStreamTricklingBytesWithoutCompletingAnEventIsCutAtTheIdleLimit() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM)
        .throttleBody(8, 50, TimeUnit.MILLISECONDS).build());
    // MockWebServer reads the request at that pace too (about 0.6 s); then no event is whole within 400 ms.
    Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(400));
    try (UpstreamExchange ex = claude.open(call(true, t))) {
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, ex::nextFrame);
      assertEquals("timeout: no event from the upstream for 400 ms", e.getMessage());
    }
    assertNothingWatched();
  }

  @Test
  void aStreamThatKeepsSendingOutlivesEveryLimitButIdle() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM)
        .throttleBody(64, 100, TimeUnit.MILLISECONDS).build());
    // Total and header limits below the stream's length (about 1.4 s): a stream is bounded by idle time only.
    Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(800));
    long start = System.nanoTime();
    try (UpstreamExchange ex = claude.open(call(true, t))) {
      String frames = ProviderFixture.drain(ex);
      assertFalse(frames.contains("!"), frames);
      assertTrue(frames.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), frames);
    }
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) > 300, "the stream was not throttled");
    assertEquals(0, f.cancelled.size(), "a live stream was cancelled");
    assertNothingWatched();
  }

  @Test
  void aClientCancelStaysACancelNotATimeout() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("{}").build());
    Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(20));
    UpstreamCall c = call(false, t);
    // Cancels once the upstream holds the request, while the call waits for its headers.
    Thread canceller = new Thread(() -> {
      try {
        f.upstream.takeRequest();
      } catch (InterruptedException e) {
        return;
      }
      c.cancel().cancel();
    });
    canceller.start();
    IOException e = assertThrows(IOException.class, () -> claude.open(c));
    canceller.join();
    assertFalse(e instanceof InterruptedIOException, "a cancel was reported as a timeout: " + e);
    assertNothingWatched();
  }

  @Test
  void aQuickAnswerIsNotCutAndLeavesNothingWatched() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body("{\"id\":\"ok\"}").build());
    try (UpstreamExchange ex = claude.open(call(false, ProviderFixture.TIMEOUTS))) {
      assertEquals("{\"id\":\"ok\"}", new String(ex.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertNothingWatched();
  }
}
