package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import mockwebserver3.MockResponse;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /ready} is 503 with the reason while a kind that has channels has none able to serve
 * (all suspended, every key cooling down), 200 otherwise; {@code /health} stays 200 (liveness).
 * Both are public.
 */
class ReadinessTest {
  private static final String REQUEST = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[]}";
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private record Answer(int status, JsonObject body) {}

  private Answer get(String path) throws Exception {
    try (Response r = h.call(new Request.Builder().url(h.url(path)).build())) {
      return new Answer(r.code(), Json.parseObject(r.body().string()));
    }
  }

  @Test
  void readyWithoutChannelsAndWithAServingChannel() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    Answer empty = get("/ready");
    assertEquals(200, empty.status());
    assertEquals("ready", empty.body().getString("status"));
    h.use(ApiKind.MESSAGES, h.claudeChannel(0).build());
    Answer one = get("/ready");
    assertEquals(200, one.status());
    assertEquals(1, one.body().getObject("kinds").getObject("messages").getLong("serving", -1));
  }

  @Test
  void allSuspendedIsNotReadyAndSaysWhy() throws Exception {
    h = Harness.create(2, b -> b, Timeouts.DEFAULT, o -> o);
    h.use(ApiKind.MESSAGES, h.claudeChannel(0).status(ChannelStatus.SUSPENDED).build(),
        h.claudeChannel(1).id("ch-off").status(ChannelStatus.DISABLED).build());
    Answer a = get("/ready");
    assertEquals(503, a.status());
    assertEquals("not ready", a.body().getString("status"));
    assertEquals("messages: none of 1 channel(s) can serve (1 suspended, 0 with every breaker open, every key"
        + " cooling down or no key)", a.body().getString("reason"));
    assertEquals(200, get("/health").status());
    // Only disabled channels: the kind is switched off on purpose, which is no reason to take the router out.
    h.use(ApiKind.MESSAGES, h.claudeChannel(1).status(ChannelStatus.DISABLED).build());
    assertEquals(200, get("/ready").status());
  }

  @Test
  void everyKeyCoolingDownIsNotReadyUntilTheChannelIsResumed() throws Exception {
    h = Harness.claude(1);
    h.upstream(0).enqueue(new MockResponse.Builder().code(429)
        .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(429, r.code());
    }
    Answer a = get("/ready");
    assertEquals(503, a.status(), a.body().toJson());
    assertTrue(a.body().getString("reason").startsWith("messages: none of 1 channel(s) can serve (0 suspended, 1 with"),
        a.body().toJson());
    h.router.resume(ApiKind.MESSAGES, "ch-up0");
    assertEquals(200, get("/ready").status());
  }
}
