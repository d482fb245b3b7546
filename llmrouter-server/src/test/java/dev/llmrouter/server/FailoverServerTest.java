package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.claudeStream;
import static dev.llmrouter.server.MessagesPassthroughTest.json;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover through the real server, against MockWebServer upstreams. */
class FailoverServerTest {
  private static final String REQUEST =
      "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String STREAM_REQUEST = REQUEST.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"");
  private static final String ANSWER = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";
  private static final String RATE_LIMITED =
      "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}";

  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private Harness twoChannels(String... keysOfFirst) throws Exception {
    Harness harness = Harness.create(2, b -> b, Timeouts.DEFAULT, o -> o);
    harness.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.MESSAGES, harness.claudeChannel(0).priority(1).apiKeys(keysOfFirst.length == 0
            ? new String[] {"sk-ant-key-0"} : keysOfFirst).build())
        .add(ApiKind.MESSAGES, harness.claudeChannel(1).priority(2).build())
        .build());
    return harness;
  }

  private JsonObject stats() throws Exception {
    Request get = new Request.Builder().url(h.url("/api/messages/channels/scheduler/stats"))
        .header("x-api-key", Harness.ACCESS_KEY).build();
    try (Response r = h.call(get)) {
      assertEquals(200, r.code());
      return json(r);
    }
  }

  private static JsonObject channelStats(JsonObject stats, String id) {
    for (var v : stats.getArray("channels")) {
      if (id.equals(v.asObject().getString("id"))) return v.asObject();
    }
    throw new AssertionError("no channel " + id);
  }

  @Test
  void rateLimitedKeyFailsOverToTheNextKeyAndRestsForItsRetryAfter() throws Exception {
    h = twoChannels("sk-ant-first-key-0001", "sk-ant-second-key-0002");
    h.upstream(0).enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "30")
        .addHeader("Content-Type", "application/json").body(RATE_LIMITED).build());
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
      assertEquals("2", r.header("x-llmrouter-attempts"));
      assertEquals("up0", r.header("x-llmrouter-channel"));
    }
    assertEquals("sk-ant-first-key-0001", h.upstream(0).takeRequest().getHeaders().get("x-api-key"));
    assertEquals("sk-ant-second-key-0002", h.upstream(0).takeRequest().getHeaders().get("x-api-key"));
    assertEquals(0, h.upstream(1).getRequestCount());

    JsonObject up0 = channelStats(stats(), "ch-up0");
    JsonArray cooldowns = up0.getArray("keyCooldowns");
    assertEquals(1, cooldowns.size());
    JsonObject cd = cooldowns.get(0).asObject();
    assertEquals(Keys.mask("sk-ant-first-key-0001"), cd.getString("key"));
    long remaining = cd.getLong("remainingSeconds", -1);
    assertTrue(remaining > 25 && remaining <= 30, "remaining " + remaining);

    // The next request goes straight to the second key.
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals("1", r.header("x-llmrouter-attempts"));
    }
    assertEquals("sk-ant-second-key-0002", h.upstream(0).takeRequest().getHeaders().get("x-api-key"));
  }

  @Test
  void badRequestReachesTheClientUnchangedAfterExactlyOneUpstreamCall() throws Exception {
    h = twoChannels("sk-ant-key-a", "sk-ant-key-b");
    String bad = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"},\"request_id\":\"req_9\"}";
    h.upstream(0).enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .addHeader("request-id", "req_9").body(bad).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(400, r.code());
      assertEquals(bad, r.body().string());
      assertEquals("req_9", r.header("request-id"));
      assertEquals("1", r.header("x-llmrouter-attempts"));
    }
    assertEquals(1, h.upstream(0).getRequestCount());
    assertEquals(0, h.upstream(1).getRequestCount());
    JsonObject breaker = channelStats(stats(), "ch-up0").getArray("breakers").get(0).asObject();
    assertEquals("closed", breaker.getString("state"));
    assertEquals(0, breaker.getLong("results", -1), "a client error is no result of the channel");
  }

  @Test
  void streamThatBreaksBeforeItsFirstEventFailsOverToTheNextChannel() throws Exception {
    h = twoChannels();
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body("").build());
    String full = String.join("", claudeStream());
    h.upstream(1).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(full).build());
    try (Response r = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals("up1", r.header("x-llmrouter-channel"));
      assertEquals("2", r.header("x-llmrouter-attempts"));
      assertEquals(full, r.body().string());
    }
    assertEquals(1, h.upstream(0).getRequestCount());
    assertEquals(1, h.upstream(1).getRequestCount());
  }

  @Test
  void streamThatBreaksAfterItsFirstEventEndsWithAnErrorEvent() throws Exception {
    h = twoChannels();
    String first = claudeStream().get(0);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(first).build());
    try (Response r = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
      assertEquals(200, r.code());
      BufferedSource source = r.body().source();
      assertEquals(first, readEvent(source));
      String error = readEvent(source);
      assertTrue(error.startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\""), error);
      assertNull(readEvent(source));
    }
    assertEquals(0, h.upstream(1).getRequestCount(), "no failover once the stream started");
    // The client can see the stream's end before the router has settled the attempt; the outcome
    // is reported after the breaker has counted it, so once it is here the statistics show it.
    AttemptOutcome outcome = h.outcomes.poll(10, TimeUnit.SECONDS);
    assertNotNull(outcome, "the attempt's outcome is reported");
    assertEquals(AttemptOutcome.Result.FAILURE, outcome.result());
    JsonObject breaker = channelStats(stats(), "ch-up0").getArray("breakers").get(0).asObject();
    assertEquals(1, breaker.getLong("failures", -1), "the broken stream counts as a failure");
  }

  @Test
  void clientDisconnectingCancelsTheUpstreamCallWithoutFailoverOrPenalty() throws Exception {
    java.util.concurrent.BlockingQueue<AttemptOutcome> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
    h = Harness.create(2, b -> b, Timeouts.DEFAULT, o -> o);
    // A router of its own, to watch its outcomes, behind a second server on the same upstreams.
    Router router = Router.builder().providers(Providers.standard(new HttpTransport(h.upstreamClient), dev.llmrouter.convert.Converters.standard()))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, h.claudeChannel(0).priority(1).build())
            .add(ApiKind.MESSAGES, h.claudeChannel(1).priority(2).build()).build())
        .outcomeListener(outcomes::add).build();
    java.util.List<String> events = new java.util.ArrayList<>(claudeStream().subList(0, 2));
    for (int i = 0; i < 400; i++) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t" + i + "\"}}\n\n");
    }
    GatedBody body = new GatedBody(events, 25);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try (RouterServer server = RouterServer.start(router, RouterServer.options().port(0).accessKey(Harness.ACCESS_KEY)
        .shutdownGrace(java.time.Duration.ofSeconds(1)))) {
      Request post = h.post("/v1/messages", STREAM_REQUEST).url("http://127.0.0.1:" + server.port() + "/v1/messages")
          .build();
      Response r = h.call(post);
      assertEquals(events.get(0), readEvent(r.body().source()));
      r.close();
      body.release();
      assertTrue(h.awaitCancel(10), "the upstream call was not cancelled");
      assertTrue(body.writeFailed.await(10, TimeUnit.SECONDS), "the upstream kept sending to nobody");
      AttemptOutcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
      assertEquals(AttemptOutcome.Result.CANCELLED, outcome.result());
      assertEquals("ch-up0", outcome.channelId());
      assertNull(outcomes.poll(200, TimeUnit.MILLISECONDS), "one attempt, one outcome");
      assertEquals(0, h.upstream(1).getRequestCount(), "a cancelled request does not fail over");
      JsonObject breaker = channelStats(router.schedulerStats(ApiKind.MESSAGES), "ch-up0").getArray("breakers").get(0)
          .asObject();
      assertEquals(0, breaker.getLong("results", -1), "a client that went away is no failure of the channel");
    }
  }

  @Test
  void statsRouteNeedsTheAdminKeyAndKnowsEachKind() throws Exception {
    h = twoChannels();
    try (Response r = h.call(new Request.Builder().url(h.url("/api/messages/channels/scheduler/stats")).build())) {
      assertEquals(401, r.code());
    }
    for (String kind : new String[] {"messages", "responses", "gemini"}) {
      try (Response r = h.call(new Request.Builder().url(h.url("/api/" + kind + "/channels/scheduler/stats"))
          .header("x-api-key", Harness.ACCESS_KEY).build())) {
        assertEquals(200, r.code());
        JsonObject s = json(r);
        assertEquals(kind, s.getString("kind"));
        assertEquals("30m0s", s.getString("traceAffinityTTL"));
        assertEquals(50, s.getLong("failureThreshold", -1));
      }
    }
    try (Response r = h.call(new Request.Builder().url(h.url("/api/messages/channels/scheduler/stats?type=responses"))
        .header("x-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals("responses", json(r).getString("kind"));
    }
    assertEquals(2, channelStatsCount());
  }

  private int channelStatsCount() throws Exception {
    return stats().getArray("channels").size();
  }
}
