package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessagesErrorsTest {
  private static final String REQUEST = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private static void assertAnthropicError(Response r, int status, String type) throws Exception {
    assertEquals(status, r.code());
    assertEquals("application/json", r.header("Content-Type"));
    JsonObject body = json(r);
    assertEquals("error", body.getString("type"));
    assertEquals(type, body.getObject("error").getString("type"));
    assertTrue(body.getObject("error").getString("message").length() > 5);
  }

  @Test
  void missingOrWrongKeyGets401InAnthropicShape() throws Exception {
    h = Harness.claude(1);
    Request noKey = new Request.Builder().url(h.url("/v1/messages"))
        .post(RequestBody.create(REQUEST, MediaType.get("application/json"))).build();
    try (Response r = h.call(noKey)) {
      assertAnthropicError(r, 401, "authentication_error");
    }
    try (Response r = h.call(h.post("/v1/messages", REQUEST).header("x-api-key", "wrong").build())) {
      assertAnthropicError(r, 401, "authentication_error");
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void bodyOverTheLimitGets413() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.maxRequestBodyBytes(1024 * 1024));
    String big = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    try (Response r = h.call(h.post("/v1/messages", big).build())) {
      assertAnthropicError(r, 413, "request_too_large");
    }
  }

  @Test
  void malformedJsonGets400() throws Exception {
    h = Harness.claude(1);
    try (Response r = h.call(h.post("/v1/messages", "{\"model\": \"m\",").build())) {
      assertAnthropicError(r, 400, "invalid_request_error");
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void noChannelGets503() throws Exception {
    h = Harness.create(0, b -> b, Timeouts.DEFAULT, o -> o);
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertAnthropicError(r, 503, "overloaded_error");
    }
  }

  @Test
  void unreachableUpstreamGets502() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    int port = closedPort;
    h = Harness.create(0, b -> b.add(ApiKind.MESSAGES, Channel.builder().id("ch-dead").serviceType("claude")
        .baseUrl("http://127.0.0.1:" + port).apiKeys("sk-x").build()), Timeouts.DEFAULT, o -> o);
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertAnthropicError(r, 502, "api_error");
    }
  }

  @Test
  void upstreamTimeoutGets504() throws Exception {
    Timeouts quick = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2));
    h = Harness.create(1, b -> b, quick, o -> o);
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.MESSAGES, h.claudeChannel(0).build()).build());
    h.upstream(0).enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{}").build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertAnthropicError(r, 504, "timeout_error");
    }
  }

  @Test
  void upstreamErrorsAreRelayedAsTheyAre() throws Exception {
    h = Harness.claude(1);
    String rateLimited = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"},\"extra\":1}";
    h.upstream(0).enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "30")
        .addHeader("Content-Type", "application/json").body(rateLimited).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(429, r.code());
      assertEquals("30", r.header("retry-after"));
      assertEquals(rateLimited, r.body().string());
    }
    String bad = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too large\"}}";
    h.upstream(0).enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body(bad).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(400, r.code());
      assertEquals(bad, r.body().string());
    }
  }

  @Test
  void unknownRouteGets404AndWrongMethod405() throws Exception {
    h = Harness.claude(1);
    try (Response r = h.call(new Request.Builder().url(h.url("/v1/nothing")).header("x-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(404, r.code());
    }
    try (Response r = h.call(new Request.Builder().url(h.url("/v1/messages")).header("x-api-key", Harness.ACCESS_KEY).build())) {
      assertAnthropicError(r, 405, "invalid_request_error");
    }
  }

  @Test
  void healthIsPublic() throws Exception {
    h = Harness.claude(2);
    try (Response r = h.call(new Request.Builder().url(h.url("/health")).build())) {
      assertEquals(200, r.code());
      JsonObject body = json(r);
      assertEquals("healthy", body.getString("status"));
      assertEquals(2, body.getObject("channels").getLong("messages", -1));
      assertTrue(body.has("uptime"));
      assertTrue(body.has("version"));
    }
  }
}
