package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.request;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.testing.GcWatch;
import dev.llmrouter.api.provider.StreamFrame;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterFailoverTest {
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

  @Test
  void rateLimitedKeyCoolsForItsRetryAfterAndMovesToTheEnd() {
    Channel a = channel("a", "k1", "k2", "k3").build();
    RouterFixture f = new RouterFixture(a);
    f.provider.answer("k1", call -> FakeExchange.error(429, RATE_LIMITED, "retry-after", "30"));
    RoutedResponse r = f.call(null);
    assertEquals(200, r.status());
    assertEquals(2, r.attempts());
    assertEquals(List.of("k1", "k2"), f.provider.keys());
    assertEquals(List.of(Result.FAILURE, Result.SUCCESS), results(f));
    ChannelHealth.Cooldown cd = f.router.health.keyCooldown(ApiKind.MESSAGES, a, "k1", f.clock.instant());
    assertEquals(f.clock.instant().plusSeconds(30), cd.until);
    // Demoted on the live snapshot and reported for persistence.
    assertEquals(List.of("k2", "k3", "k1"), f.router.snapshot().channels(ApiKind.MESSAGES).get(0).apiKeys());
    assertEquals(1, f.changes.size());
    assertEquals(List.of("k2", "k3", "k1"), f.changes.get(0).channels(ApiKind.MESSAGES).get(0).apiKeys());
    f.call(null);
    assertEquals("k2", f.provider.keys().get(2));
    f.clock.advance(Duration.ofSeconds(30));
    assertFalse(f.router.health.isCooling(ApiKind.MESSAGES, a, "k1", f.clock.instant()));
    f.assertSettled();
  }

  @Test
  void quotaKeysStayInPlaceWhenOnlyAnotherChannelSucceeds() {
    Channel a = channel("a", "k1", "k2").priority(1).build();
    RouterFixture f = new RouterFixture(a, channel("b").priority(2).build());
    f.provider.answer("k1", call -> FakeExchange.error(429, RATE_LIMITED));
    f.provider.answer("k2", call -> FakeExchange.error(402, "{}"));
    assertEquals("b", f.call(null).channel().id());
    assertEquals(List.of("k1", "k2"), f.router.snapshot().channels(ApiKind.MESSAGES).get(0).apiKeys());
    assertTrue(f.changes.isEmpty());
    f.assertSettled();
  }

  @Test
  void cooldownIsFiveMinutesThenTenAfterMoreThanThreeConsecutiveFailuresAndASuccessResetsIt() {
    Channel a = channel("a", "k1", "k2").build();
    RouterFixture f = new RouterFixture(a);
    boolean[] k1Fails = {true};
    f.provider.answer("k1", call -> k1Fails[0] ? FakeExchange.error(401, "{}") : FakeExchange.ok("{}"));
    for (int i = 1; i <= 4; i++) {
      f.call(null);
      Duration expected = i > 3 ? Duration.ofMinutes(10) : Duration.ofMinutes(5);
      assertEquals(f.clock.instant().plus(expected),
          f.router.health.keyCooldown(ApiKind.MESSAGES, a, "k1", f.clock.instant()).until, "failure " + i);
      f.clock.advance(Duration.ofMinutes(10));
    }
    k1Fails[0] = false;
    f.router.setSnapshot(snapshot(a)); // put k1 first again
    f.call(null);
    assertNull(f.router.health.keyCooldown(ApiKind.MESSAGES, a, "k1", f.clock.instant()));
    k1Fails[0] = true;
    f.call(null);
    assertEquals(f.clock.instant().plus(Duration.ofMinutes(5)),
        f.router.health.keyCooldown(ApiKind.MESSAGES, a, "k1", f.clock.instant()).until, "the count was reset");
    f.assertSettled();
  }

  @Test
  void cooldownIsPerChannelNotPerKeyString() {
    Channel a = channel("a", "shared").priority(1).build();
    Channel b = channel("b", "shared").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    int[] n = {0};
    f.provider.answer("shared", call -> n[0]++ == 0 ? FakeExchange.error(429, RATE_LIMITED) : FakeExchange.ok("{}"));
    assertEquals("b", f.call(null).channel().id());
    assertTrue(f.router.health.isCooling(ApiKind.MESSAGES, a, "shared", f.clock.instant()));
    assertFalse(f.router.health.isCooling(ApiKind.MESSAGES, b, "shared", f.clock.instant()));
    f.assertSettled();
  }

  @Test
  void clientErrorsAreRelayedAfterOneCallAndNeverOpenTheBreaker() {
    Channel a = channel("a", "k1", "k2").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    f.provider.answer("k1", call -> FakeExchange.error(400, BAD_REQUEST));
    for (int i = 0; i < 20; i++) {
      RoutedResponse r = f.call(null);
      assertEquals(400, r.status());
      assertArrayEquals(BAD_REQUEST.getBytes(StandardCharsets.UTF_8), r.body());
      assertEquals(1, r.attempts());
    }
    assertEquals(20, f.calls());
    assertEquals(KeyBreaker.State.CLOSED,
        f.router.health.breaker(ApiKind.MESSAGES, a, "https://a.example", "k1").state(f.clock.instant()));
    assertFalse(f.router.health.isCooling(ApiKind.MESSAGES, a, "k1", f.clock.instant()));
    assertTrue(results(f).stream().allMatch(x -> x == Result.CLIENT_ERROR));
    f.assertSettled();
  }

  @Test
  void clientRequestExceptionIsAnsweredWithoutFailoverOrPenalty() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("sk-a", call -> {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST, "messages: expected array");
    });
    RoutedResponse r = f.call(null);
    assertEquals(400, r.status());
    assertEquals("messages: expected array",
        Json.parseObject(r.body()).getObject("error").getString("message"));
    assertEquals(List.of("a"), f.provider.channels());
    assertEquals(List.of(Result.CLIENT_ERROR), results(f));
    f.assertSettled();
  }

  @Test
  void upstreamFaultsOpenTheBreakerAndTrafficMovesOn() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    f.provider.answer("sk-a", call -> FakeExchange.error(500, SERVER_ERROR));
    for (int i = 0; i < 5; i++) assertEquals("b", f.call(null).channel().id());
    assertEquals(10, f.calls());
    int from = f.calls();
    for (int i = 0; i < 5; i++) assertEquals("b", f.call(null).channel().id());
    assertEquals(List.of("b", "b", "b", "b", "b"), f.channelsSince(from), "a is skipped while open");
    f.clock.advance(Duration.ofMinutes(15));
    f.provider.answer("sk-a", call -> FakeExchange.ok("{}"));
    assertEquals("a", f.call(null).channel().id(), "the half-open probe succeeded");
    assertEquals(KeyBreaker.State.CLOSED,
        f.router.health.breaker(ApiKind.MESSAGES, a, "https://a.example", "sk-a").state(f.clock.instant()));
    f.assertSettled();
  }

  @Test
  void clientCancelStopsAtOnceAndIsRecordedAsCancelled() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    CancelSignal cancel = new CancelSignal();
    f.provider.answer("sk-a", call -> {
      cancel.cancel();
      throw new IOException("Canceled");
    });
    try (RoutedResponse r = f.router.route(request(ApiKind.MESSAGES, null), cancel)) {
      assertEquals(1, r.attempts());
    }
    assertEquals(List.of("a"), f.provider.channels());
    assertEquals(List.of(Result.CANCELLED), results(f));
    f.assertSettled();
  }

  @Test
  void abandonedHalfOpenTrialDoesNotWedgeBreaker() {
    Channel a = channel("a").build();
    RouterFixture f = new RouterFixture(a);
    f.openBreaker(ApiKind.MESSAGES, a);
    f.clock.advance(Duration.ofMinutes(15));
    CancelSignal cancel = new CancelSignal();
    f.provider.answer("sk-a", call -> {
      cancel.cancel();
      throw new IOException("Canceled");
    });
    f.router.route(request(ApiKind.MESSAGES, null), cancel).close();
    KeyBreaker b = f.router.health.breaker(ApiKind.MESSAGES, a, "https://a.example", "sk-a");
    assertEquals(KeyBreaker.State.HALF_OPEN, b.state(f.clock.instant()));
    f.provider.answer("sk-a", call -> FakeExchange.ok("{}"));
    RoutedResponse r = f.call(null);
    assertEquals(200, r.status());
    assertEquals(KeyBreaker.State.CLOSED, b.state(f.clock.instant()));
    // A cancelled stream settles its probe permit the same way.
    f.openBreaker(ApiKind.MESSAGES, a);
    f.clock.advance(Duration.ofMinutes(15));
    f.provider.answer("sk-a", call -> FakeExchange.stream(frame("event: a\n\n"), frame("event: b\n\n")));
    RoutedResponse s = f.router.route(request(ApiKind.MESSAGES, null, true), new CancelSignal());
    s.cancel();
    s.close();
    assertEquals(Result.CANCELLED, f.outcomes.get(f.outcomes.size() - 1).result());
    assertEquals(KeyBreaker.State.HALF_OPEN, b.state(f.clock.instant()));
    f.provider.answer("sk-a", call -> FakeExchange.ok("{}"));
    assertEquals(200, f.call(null).status());
    assertEquals(KeyBreaker.State.CLOSED, b.state(f.clock.instant()));
    f.assertSettled();
  }

  @Test
  void anOpenStreamNoLongerHoldsTheRequestBody() throws Exception {
    RouterFixture f = new RouterFixture(channel("a").build());
    f.provider.answer("sk-a", call -> FakeExchange.stream(frame("event: one\n\n"), frame("event: two\n\n")));
    List<GcWatch> body = new java.util.ArrayList<>();
    try (RoutedResponse r = routeStream(f, body)) {
      assertEquals("event: one\n\n", r.nextFrame().text());
      assertTrue(body.get(0).awaitCollected(), "the open stream still holds its request's body");
      assertEquals("event: two\n\n", r.nextFrame().text());
      assertNull(r.nextFrame());
    }
    AttemptOutcome o = f.outcomes.get(0);
    assertEquals(Result.SUCCESS, o.result());
    assertEquals("m", o.model());
    assertTrue(o.streamed());
    f.assertSettled();
  }

  /** Routes a streamed request of 100 KB that nothing here holds but {@code body}'s watch. */
  private static RoutedResponse routeStream(RouterFixture f, List<GcWatch> body) {
    byte[] bytes = ("{\"model\":\"m\",\"stream\":true,\"pad\":\"" + "x".repeat(100_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    body.add(new GcWatch(bytes));
    return f.router.route(new ClientRequest(ApiKind.MESSAGES, "messages", "/v1/messages", null,
        dev.llmrouter.api.http.HttpHeaders.empty(), bytes, RoutingFields.scan(bytes), "m", true), new CancelSignal());
  }

  @Test
  void streamThatBreaksBeforeItsFirstEventFailsOver() throws IOException {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build(),
        channel("c").priority(3).build());
    f.provider.answer("sk-a", call -> FakeExchange.streamBreakingBeforeFirstEvent());
    f.provider.answer("sk-b", call -> FakeExchange.stream(new StreamFrame("event: error\n\n".getBytes(), true)));
    f.provider.answer("sk-c", call -> FakeExchange.stream(frame("event: one\n\n"), frame("event: two\n\n")));
    try (RoutedResponse r = f.router.route(request(ApiKind.MESSAGES, null, true), new CancelSignal())) {
      assertTrue(r.isStream());
      assertEquals("c", r.channel().id());
      assertEquals(3, r.attempts());
      assertEquals("event: one\n\n", r.nextFrame().text());
      assertEquals("event: two\n\n", r.nextFrame().text());
      assertNull(r.nextFrame());
    }
    assertEquals(List.of(Result.FAILURE, Result.FAILURE, Result.SUCCESS), results(f));
    assertTrue(f.provider.opened.stream().allMatch(x -> x.closed), "every exchange was closed");
    f.assertSettled();
  }

  @Test
  void errorBodyWithA2xxStatusFailsOver() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("sk-a", call -> FakeExchange.ok("{\"error\":{\"message\":\"no upstream\"}}"));
    RoutedResponse r = f.call(null);
    assertEquals("b", r.channel().id());
    assertEquals(List.of(Result.FAILURE, Result.SUCCESS), results(f));
    f.assertSettled();
  }

  @Test
  void streamThatBreaksAfterItsFirstEventEndsWithAnErrorAndCountsAsFailure() throws IOException {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("sk-a", call -> FakeExchange.stream(frame("event: one\n\n"),
        new StreamFrame("event: error\n\n".getBytes(), true)));
    try (RoutedResponse r = f.router.route(request(ApiKind.MESSAGES, null, true), new CancelSignal())) {
      assertEquals("event: one\n\n", r.nextFrame().text());
      StreamFrame last = r.nextFrame();
      assertTrue(last.error());
      assertNull(r.nextFrame());
    }
    assertEquals(List.of("a"), f.provider.channels());
    assertEquals(List.of(Result.FAILURE), results(f));
    f.assertSettled();
  }

  @Test
  void everyChannelFailingGivesOneErrorInTheClientsShape() {
    RouterFixture f = new RouterFixture(channel("a", "k1", "k2").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("k1", call -> FakeExchange.error(401, "{\"error\":\"bad key\"}"));
    f.provider.answer("k2", call -> {
      throw new ConnectException("Failed to connect to a.example");
    });
    f.provider.answer("sk-b", call -> FakeExchange.error(502, "<html>bad gateway</html>"));
    RoutedResponse r = f.call(null);
    assertEquals(502, r.status());
    assertEquals(3, r.attempts());
    JsonObject body = Json.parseObject(r.body());
    assertEquals("api_error", body.getObject("error").getString("type"));
    assertEquals("all 2 messages channel(s) failed after 3 upstream call(s) with 3 key(s); last error: status 502",
        body.getObject("error").getString("message"));
    f.assertSettled();
  }

  @Test
  void lastRelayableUpstreamErrorIsPreferred() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("sk-a", call -> FakeExchange.error(503, SERVER_ERROR));
    f.provider.answer("sk-b", call -> FakeExchange.error(500, SERVER_ERROR));
    RoutedResponse r = f.call(null);
    assertEquals(502, r.status(), "an upstream 500 becomes a 502");
    assertArrayEquals(SERVER_ERROR.getBytes(StandardCharsets.UTF_8), r.body());
    assertEquals("b", r.channel().id());
    f.assertSettled();
  }

  @Test
  void allRateLimitedStays429WithRetryAfter() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    f.provider.answer("sk-a", call -> FakeExchange.error(429, RATE_LIMITED, "retry-after", "20"));
    f.provider.answer("sk-b", call -> FakeExchange.error(429, "not json"));
    RoutedResponse r = f.call(null);
    assertEquals(429, r.status());
    assertEquals("20", r.headers().get("retry-after"), "when the first key rests no more");
    assertEquals("rate_limit_error", Json.parseObject(r.body()).getObject("error").getString("type"));
    f.assertSettled();
  }

  @Test
  void fuzzyModeFailsOverOnClientErrorsWithoutPenaltyAndRelaysTheLast() {
    Channel a = channel("a").priority(1).build();
    RouterFixture f = new RouterFixture(RouterSettings.DEFAULT, snapshot(a, channel("b").priority(2).build())
        .toBuilder().fuzzyModeEnabled(true).build());
    f.provider.answer("sk-a", call -> FakeExchange.error(400, BAD_REQUEST));
    f.provider.answer("sk-b", call -> FakeExchange.error(400, BAD_REQUEST));
    RoutedResponse r = f.call(null);
    assertEquals(400, r.status());
    assertArrayEquals(BAD_REQUEST.getBytes(StandardCharsets.UTF_8), r.body());
    assertEquals(2, r.attempts());
    assertEquals(List.of(Result.CLIENT_ERROR, Result.CLIENT_ERROR), results(f));
    assertFalse(f.router.health.isCooling(ApiKind.MESSAGES, a, "sk-a", f.clock.instant()));
    f.assertSettled();
  }

  @Test
  void baseUrlsAreOrderedByHealthAndAllTried() {
    Channel a = Channel.builder().id("a").serviceType("claude")
        .baseUrls(List.of("https://u1.example", "https://u2.example")).apiKeys("k").build();
    RouterFixture f = new RouterFixture(a);
    f.provider.answer("k", call -> call.baseUrl().contains("u1") ? FakeExchange.error(503, SERVER_ERROR)
        : FakeExchange.ok("{}"));
    assertEquals(200, f.call(null).status());
    assertEquals(List.of("a|https://u1.example|k", "a|https://u2.example|k"), f.provider.calls);
    f.call(null);
    assertEquals("a|https://u2.example|k", f.provider.calls.get(2), "u1 cools down for 30 s");
    f.clock.advance(Duration.ofSeconds(30));
    f.call(null);
    assertEquals("a|https://u1.example|k", f.provider.calls.get(3));
    f.assertSettled();
  }

  @Test
  void resumeClosesBreakersAndClearsCooldowns() {
    Channel a = channel("a", "k1", "k2").build();
    RouterFixture f = new RouterFixture(a);
    f.openBreaker(ApiKind.MESSAGES, a);
    f.router.health.keyFailed(ApiKind.MESSAGES, a, "k1", null, f.clock.instant());
    assertFalse(f.router.health.isHealthy(ApiKind.MESSAGES, a, f.clock.instant()));
    assertTrue(f.router.resume(ApiKind.MESSAGES, "a"));
    assertTrue(f.router.health.isHealthy(ApiKind.MESSAGES, a, f.clock.instant()));
    assertFalse(f.router.health.isCooling(ApiKind.MESSAGES, a, "k1", f.clock.instant()));
    assertFalse(f.router.resume(ApiKind.MESSAGES, "nope"));
    f.assertSettled();
  }

  @Test
  void schedulerStatsShowTheOriginalFieldsAndPerChannelStateWithoutKeys() {
    Channel a = channel("a", "sk-ant-api03-abcdefghijklmnop-1", "sk-ant-api03-abcdefghijklmnop-2").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    f.provider.answer("sk-ant-api03-abcdefghijklmnop-1", call -> FakeExchange.error(429, RATE_LIMITED, "retry-after", "30"));
    f.call("t");
    f.openBreaker(ApiKind.MESSAGES, b);
    JsonObject s = f.router.schedulerStats(ApiKind.MESSAGES);
    String text = Json.writeString(s);
    assertFalse(text.contains("abcdefghijklmnop-1"), text);
    assertEquals(true, s.getBoolean("multiChannelMode"));
    assertEquals(2, s.getLong("activeChannelCount", -1));
    assertEquals(1, s.getLong("traceAffinityCount", -1));
    assertEquals("30m0s", s.getString("traceAffinityTTL"));
    assertEquals(50, s.getLong("failureThreshold", -1));
    assertEquals(10, s.getLong("windowSize", -1));
    assertEquals("15m0s", s.getString("circuitRecoveryTime"));
    JsonObject ca = s.getArray("channels").get(0).asObject();
    assertEquals("a", ca.getString("id"));
    assertEquals(true, ca.getBoolean("healthy"));
    assertEquals(1, ca.getLong("affinityCount", -1));
    JsonObject cooldown = ca.getArray("keyCooldowns").get(0).asObject();
    assertEquals("sk-ant-a…op-1", cooldown.getString("key"));
    assertEquals(30, cooldown.getLong("remainingSeconds", -1));
    JsonObject cb = s.getArray("channels").get(1).asObject();
    assertEquals(false, cb.getBoolean("healthy"));
    JsonObject breaker = cb.getArray("breakers").get(0).asObject();
    assertEquals("open", breaker.getString("state"));
    assertEquals(900, breaker.getLong("probeInSeconds", -1));
    f.assertSettled();
  }
}
