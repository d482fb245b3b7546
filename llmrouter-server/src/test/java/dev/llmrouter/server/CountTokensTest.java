package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.server.tokens.CountTokensMode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CountTokensTest {
  private static final String EXAMPLE = "{\"model\":\"claude-3\",\"system\":\"You are a helpful assistant.\","
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}";
  private ApiHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private Request post(String body) {
    return new Request.Builder().url(h.url("/v1/messages/count_tokens"))
        .post(RequestBody.create(body, MediaType.get("application/json"))).header("x-api-key", ApiHarness.ACCESS_KEY)
        .header("anthropic-version", "2023-06-01").build();
  }

  private void claudeChannel() {
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.MESSAGES, Channel.builder().id("ch-claude")
        .serviceType("claude").baseUrl(h.baseUrl(0)).apiKeys("sk-ant-upstream-key")
        .modelMapping(Map.of("claude-3", "claude-sonnet-4-5")).build()).build());
  }

  @Test
  void localModeAnswersTheEstimateWithoutCallingAnUpstream() throws Exception {
    h = new ApiHarness(1, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    claudeChannel();
    try (Response r = h.call(post(EXAMPLE))) {
      assertEquals(200, r.code());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals("{\"input_tokens\":21}", r.body().string());
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void localModeCountsToolsBySchema() throws Exception {
    h = new ApiHarness(0, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    String body = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}]}";
    try (Response r = h.call(post(body))) {
      assertEquals("{\"input_tokens\":365}", r.body().string());
    }
  }

  @Test
  void badBodiesGet400InAnthropicShapeAndAuthIsRequired() throws Exception {
    h = new ApiHarness(0, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    for (String bad : new String[] {"{\"messages\":", "[1,2]", ""}) {
      try (Response r = h.call(post(bad))) {
        assertEquals(400, r.code(), bad);
        String text = r.body().string();
        assertTrue(text.startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\""), text);
      }
    }
    Request noKey = new Request.Builder().url(h.url("/v1/messages/count_tokens"))
        .post(RequestBody.create(EXAMPLE, MediaType.get("application/json"))).build();
    try (Response r = h.call(noKey)) {
      assertEquals(401, r.code());
      assertTrue(r.body().string().contains("\"authentication_error\""));
    }
    Request get = new Request.Builder().url(h.url("/v1/messages/count_tokens")).header("x-api-key", ApiHarness.ACCESS_KEY)
        .build();
    try (Response r = h.call(get)) {
      assertEquals(405, r.code());
      assertEquals("POST", r.header("Allow"));
    }
  }

  @Test
  void upstreamModeRelaysTheClaudeChannelsCount() throws Exception {
    h = new ApiHarness(1, CountTokensMode.UPSTREAM, Duration.ofMinutes(5));
    claudeChannel();
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"input_tokens\":4242}").build());
    try (Response r = h.call(post(EXAMPLE))) {
      assertEquals(200, r.code());
      assertEquals("{\"input_tokens\":4242}", r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/messages/count_tokens", up.getTarget());
    assertEquals("sk-ant-upstream-key", up.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", up.getHeaders().get("anthropic-version"));
    assertEquals(EXAMPLE.replace("\"claude-3\"", "\"claude-sonnet-4-5\""), up.getBody().utf8());
  }

  @Test
  void upstreamModeFallsBackToTheEstimateWhenTheUpstreamFails() throws Exception {
    h = new ApiHarness(1, CountTokensMode.UPSTREAM, Duration.ofMinutes(5));
    claudeChannel();
    h.upstream(0).enqueue(new MockResponse.Builder().code(500).body("{\"type\":\"error\"}").build());
    try (Response r = h.call(post(EXAMPLE))) {
      assertEquals(200, r.code());
      assertEquals("{\"input_tokens\":21}", r.body().string());
    }
    assertEquals(1, h.upstream(0).getRequestCount());
    // An answer that is not a count falls back too.
    h.upstream(0).enqueue(new MockResponse.Builder().body("<html>gateway</html>").build());
    try (Response r = h.call(post(EXAMPLE))) {
      assertEquals("{\"input_tokens\":21}", r.body().string());
    }
  }

  @Test
  void upstreamModeWithoutAnyChannelEstimates() throws Exception {
    h = new ApiHarness(0, CountTokensMode.UPSTREAM, Duration.ofMinutes(5));
    try (Response r = h.call(post(EXAMPLE))) {
      assertEquals(200, r.code());
      assertEquals("{\"input_tokens\":21}", r.body().string());
    }
  }
}
