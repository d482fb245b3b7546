package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.StreamFrame;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final String RATE_LIMITED =
      "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}";
  private static final String BAD_REQUEST =
      "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too large\"}}";
  private static final String SERVER_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";

  private static StreamFrame frame(String s) {
    return StreamFrame.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Result> results(RouterFixture f) {
    return f.outcomes.stream().map(AttemptOutcome::result).toList();
  }

  /** "channelId|baseUrl|key" of an attempt, as the scripted provider records its calls. */
  private static String target(PendingAttempt a) {
    return a.call().channel().id() + "|" + a.call().baseUrl() + "|" + a.call().apiKey();
  }

  private static Routing begin(RouterFixture f, boolean stream) {
    return f.router.begin(request(ApiKind.MESSAGES, null, stream), new CancelSignal());
  }

  @Test
  void callerMadeStreamAttemptAnswersWithTheStreamAndSucceedsWhenClosedAfterItsFrames() throws IOException {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    Routing routing = begin(f, true);
    PendingAttempt a = routing.next();
    assertEquals("a|https://a.example|sk-a", target(a));
    assertSame(f.provider, a.provider());
    assertEquals(1, f.router.health.outstandingPermits(), "the attempt holds its permit");
    FakeExchange ex = FakeExchange.stream(frame("event: one\n\n"), frame("event: two\n\n"));
    try (RoutedResponse r = routing.complete(a, ex)) {
      assertNotNull(r);
      assertTrue(r.isStream());
      assertEquals("a", r.channel().id());
      assertEquals(1, r.attempts());
      assertEquals("event: one\n\n", r.nextFrame().text());
      assertEquals("event: two\n\n", r.nextFrame().text());
      assertNull(r.nextFrame());
      assertTrue(f.outcomes.isEmpty(), "a stream is settled when its answer is closed");
      assertFalse(ex.closed, "the answer owns the exchange");
      assertNull(routing.next(), "the routing is over");
      assertSame(r, routing.answer());
    }
    assertTrue(ex.closed);
    assertEquals(List.of(Result.SUCCESS), results(f));
    assertEquals("https://a.example", f.outcomes.get(0).baseUrl());
    assertTrue(f.provider.calls.isEmpty(), "the provider made no call");
    f.assertSettled();
  }

  @Test
  void callerMade503FailsOverToTheNextChannel() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    Routing routing = begin(f, false);
    PendingAttempt a = routing.next();
    assertEquals("a|https://a.example|sk-a", target(a));
    FakeExchange ex = FakeExchange.error(503, SERVER_ERROR);
    assertNull(routing.complete(a, ex));
    assertTrue(ex.closed, "a failed answer is closed before the next attempt");
    assertEquals(List.of(Result.FAILURE), results(f));
    assertEquals(0, f.router.health.outstandingPermits());
    PendingAttempt b = routing.next();
    assertEquals("b|https://b.example|sk-b", target(b));
    try (RoutedResponse r = routing.attempt(b)) {
      assertEquals(200, r.status());
      assertEquals("b", r.channel().id());
      assertEquals(2, r.attempts());
    }
    assertEquals(List.of("b|https://b.example|sk-b"), f.provider.calls);
    assertEquals(List.of(Result.FAILURE, Result.SUCCESS), results(f));
    f.assertSettled();
  }

  @Test
  void failedConnectGoesOnToTheNextBaseUrlThenTheNextChannel() {
    Channel a = Channel.builder().id("a").serviceType("claude").priority(1)
        .baseUrls(List.of("https://u1.example", "https://u2.example")).apiKeys("k").build();
    RouterFixture f = new RouterFixture(a, channel("b").priority(2).build());
    Routing routing = begin(f, false);
    PendingAttempt first = routing.next();
    assertEquals("a|https://u1.example|k", target(first));
    assertNull(routing.failed(first, new ConnectException("Failed to connect to u1.example")));
    PendingAttempt second = routing.next();
    assertEquals("a|https://u2.example|k", target(second));
    assertNull(routing.failed(second, new ConnectException("Failed to connect to u2.example")));
    PendingAttempt third = routing.next();
    assertEquals("b|https://b.example|sk-b", target(third));
    assertNull(routing.failed(third, new ConnectException("Failed to connect to b.example")));
    assertNull(routing.next());
    try (RoutedResponse r = routing.answer()) {
      assertEquals(502, r.status());
      assertEquals(3, r.attempts());
    }
    assertEquals(List.of(Result.FAILURE, Result.FAILURE, Result.FAILURE), results(f));
    assertEquals(List.of(-1L, -1L, -1L), f.outcomes.stream().map(AttemptOutcome::firstByteNanos).toList(),
        "no answer started");
    assertTrue(f.provider.calls.isEmpty());
    f.assertSettled();
  }

  @Test
  void failedAfterTheClientWentAwayIsCancelledAndAnswersAtOnce() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    CancelSignal cancel = new CancelSignal();
    Routing routing = f.router.begin(request(ApiKind.MESSAGES, null), cancel);
    PendingAttempt a = routing.next();
    cancel.cancel();
    try (RoutedResponse r = routing.failed(a, new IOException("Canceled"))) {
      assertNotNull(r);
      assertEquals(1, r.attempts());
    }
    assertEquals(List.of(Result.CANCELLED), results(f));
    assertNull(routing.next());
    f.assertSettled();
  }

  @Test
  void relayed400AnswersAtOnce() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    Routing routing = begin(f, false);
    FakeExchange ex = FakeExchange.error(400, BAD_REQUEST);
    try (RoutedResponse r = routing.complete(routing.next(), ex)) {
      assertNotNull(r);
      assertEquals(400, r.status());
      assertArrayEquals(BAD_REQUEST.getBytes(StandardCharsets.UTF_8), r.body());
      // The same bytes to write out, read-only: a caller can neither change the answer nor the next one's view.
      ByteBuffer out = r.bodyBuffer();
      assertTrue(out.isReadOnly());
      byte[] written = new byte[out.remaining()];
      out.get(written);
      assertArrayEquals(BAD_REQUEST.getBytes(StandardCharsets.UTF_8), written);
      assertThrows(ReadOnlyBufferException.class, () -> r.bodyBuffer().put(0, (byte) 'x'));
      assertEquals(BAD_REQUEST.getBytes(StandardCharsets.UTF_8).length, r.bodyBuffer().remaining());
      assertEquals("a", r.channel().id());
      assertEquals(1, r.attempts());
      assertNull(routing.next(), "no other channel is tried");
      assertSame(r, routing.answer());
      assertSame(r, routing.run());
    }
    assertTrue(ex.closed);
    assertEquals(List.of(Result.CLIENT_ERROR), results(f));
    assertTrue(f.provider.calls.isEmpty());
    f.assertSettled();
  }

  @Test
  void callerFailsTheFirstAttemptAndRunAnswersFromTheSecondChannel() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    Routing routing = begin(f, false);
    PendingAttempt a = routing.next();
    assertEquals("a", a.call().channel().id());
    assertNull(routing.failed(a, new ConnectException("Failed to connect to a.example")));
    try (RoutedResponse r = routing.run()) {
      assertEquals(200, r.status());
      assertEquals("b", r.channel().id());
      assertEquals(2, r.attempts());
    }
    assertEquals(List.of("b|https://b.example|sk-b"), f.provider.calls);
    assertEquals(List.of(Result.FAILURE, Result.SUCCESS), results(f));
    f.assertSettled();
  }

  @Test
  void runMakesTheAttemptNextGaveThroughItsProvider() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("sk-a", call -> FakeExchange.error(500, SERVER_ERROR));
    Routing routing = begin(f, false);
    assertEquals("a", routing.next().call().channel().id());
    try (RoutedResponse r = routing.run()) {
      assertEquals("b", r.channel().id());
    }
    assertEquals(List.of("a", "b"), f.provider.channels());
    assertEquals(List.of(Result.FAILURE, Result.SUCCESS), results(f));
    f.assertSettled();
  }

  @Test
  void quotaKeyFailedByTheCallerMovesToTheEndWhenTheNextKeySucceeds() {
    RouterFixture f = new RouterFixture(channel("a", "k1", "k2", "k3").build());
    Routing routing = begin(f, false);
    PendingAttempt a = routing.next();
    assertEquals("k1", a.call().apiKey());
    assertNull(routing.complete(a, FakeExchange.error(429, RATE_LIMITED, "retry-after", "30")));
    try (RoutedResponse r = routing.run()) {
      assertEquals(200, r.status());
    }
    assertEquals(List.of("k2"), f.provider.keys());
    assertEquals(List.of("k2", "k3", "k1"), f.router.snapshot().channels(ApiKind.MESSAGES).get(0).apiKeys());
    f.assertSettled();
  }

  @Test
  void staleAttemptIsRefused() {
    RouterFixture f = new RouterFixture(channel("a", "k1", "k2").build());
    Routing routing = begin(f, false);
    PendingAttempt first = routing.next();
    assertThrows(IllegalStateException.class, routing::next, "the attempt given is not made yet");
    assertNull(routing.complete(first, FakeExchange.error(429, RATE_LIMITED)));
    FakeExchange late = FakeExchange.ok("{}");
    assertThrows(IllegalStateException.class, () -> routing.complete(first, late));
    assertTrue(late.closed, "an exchange handed over is closed even when refused");
    assertThrows(IllegalStateException.class, () -> routing.failed(first, new ConnectException()));
    assertThrows(IllegalStateException.class, () -> routing.attempt(first));
    assertEquals(List.of(Result.FAILURE), results(f), "nothing settled twice");

    PendingAttempt second = routing.next();
    Routing other = begin(f, false);
    PendingAttempt foreign = other.next();
    assertThrows(IllegalStateException.class, () -> routing.attempt(foreign), "another routing's attempt");
    assertThrows(IllegalStateException.class, () -> other.attempt(second));
    other.attempt(foreign).close();
    try (RoutedResponse r = routing.attempt(second)) {
      assertEquals(200, r.status());
      assertEquals(2, r.attempts());
    }
    assertThrows(IllegalStateException.class, () -> routing.attempt(second), "made twice");
    assertEquals(List.of(Result.FAILURE, Result.SUCCESS, Result.SUCCESS), results(f));
    f.assertSettled();
  }

  @Test
  void nothingLeftGivesTheAllFailedAnswer() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    Routing routing = begin(f, false);
    assertThrows(IllegalStateException.class, routing::answer);
    assertNull(routing.complete(routing.next(), FakeExchange.error(503, SERVER_ERROR)));
    assertThrows(IllegalStateException.class, routing::answer);
    PendingAttempt b = routing.next();
    assertEquals("b", b.call().channel().id());
    assertNull(routing.complete(b, FakeExchange.error(500, SERVER_ERROR)));
    assertNull(routing.next());
    assertNull(routing.next());
    try (RoutedResponse r = routing.answer()) {
      assertEquals(502, r.status(), "an upstream 500 becomes a 502");
      assertArrayEquals(SERVER_ERROR.getBytes(StandardCharsets.UTF_8), r.body());
      assertEquals("b", r.channel().id());
      assertEquals(2, r.attempts());
      assertSame(r, routing.answer());
    }
    assertEquals(List.of(Result.FAILURE, Result.FAILURE), results(f));
    f.assertSettled();
  }

  @Test
  void noChannelMeansNoAttemptAndTheRoutersOwnAnswer() {
    RouterFixture f = new RouterFixture();
    Routing routing = begin(f, false);
    assertNull(routing.next());
    try (RoutedResponse r = routing.answer()) {
      assertEquals(503, r.status());
      assertEquals("no messages channel is configured",
          Json.parseObject(r.body()).getObject("error").getString("message"));
      assertEquals(0, r.attempts());
    }
    assertTrue(f.outcomes.isEmpty());
  }
}
