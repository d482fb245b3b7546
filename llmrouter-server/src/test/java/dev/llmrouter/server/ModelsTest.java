package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.server.tokens.CountTokensMode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelsTest {
  private static final String CLAUDE_LIST = "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\","
      + "\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\"},{\"type\":\"model\","
      + "\"id\":\"claude-opus-4-1\",\"display_name\":\"Claude Opus 4.1\",\"created_at\":\"2025-08-05T00:00:00Z\"}],"
      + "\"has_more\":false,\"first_id\":\"claude-sonnet-4-5\",\"last_id\":\"claude-opus-4-1\"}";
  private static final String OPENAI_LIST = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-5\",\"object\":\"model\","
      + "\"created\":1754425777,\"owned_by\":\"system\"},{\"id\":\"claude-sonnet-4-5\",\"object\":\"model\","
      + "\"created\":1,\"owned_by\":\"relay\"}]}";
  private static final String GEMINI_LIST = "{\"models\":[{\"name\":\"models/gemini-2.5-pro\",\"version\":\"2.5\","
      + "\"displayName\":\"Gemini 2.5 Pro\",\"inputTokenLimit\":1048576,"
      + "\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]}]}";

  private ApiHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private Request get(String path, boolean anthropic) {
    Request.Builder b = new Request.Builder().url(h.url(path)).header("Authorization", "Bearer " + ApiHarness.ACCESS_KEY);
    if (anthropic) b.header("anthropic-version", "2023-06-01");
    return b.build();
  }

  private String body(Request r) throws Exception {
    try (Response response = h.call(r)) {
      assertEquals(200, response.code());
      assertEquals("application/json", response.header("Content-Type"));
      return response.body().string();
    }
  }

  /** Upstream 0: a claude channel; upstream 1: a responses channel with a mapping alias; upstream 2 down. */
  private void channels() {
    h.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.MESSAGES, Channel.builder().id("ch-claude").serviceType("claude").baseUrl(h.baseUrl(0))
            .apiKeys("sk-ant-claude-key").build())
        .add(ApiKind.MESSAGES, Channel.builder().id("ch-off").serviceType("claude").baseUrl(h.baseUrl(2))
            .apiKeys("sk-ant-off").status(ChannelStatus.DISABLED).build())
        .add(ApiKind.RESPONSES, Channel.builder().id("ch-resp").serviceType("responses").baseUrl(h.baseUrl(1) + "v1")
            .apiKeys("sk-openai-key").modelMapping(Map.of("my-alias", "gpt-5")).build())
        .build());
  }

  @Test
  void mergesAllChannelsInOpenAiShape() throws Exception {
    h = new ApiHarness(3, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    channels();
    h.upstream(0).enqueue(new MockResponse.Builder().body(CLAUDE_LIST).build());
    h.upstream(1).enqueue(new MockResponse.Builder().body(OPENAI_LIST).build());
    assertEquals("{\"object\":\"list\",\"data\":["
        + "{\"id\":\"claude-sonnet-4-5\",\"object\":\"model\",\"created\":1759104000,\"owned_by\":\"anthropic\"},"
        + "{\"id\":\"claude-opus-4-1\",\"object\":\"model\",\"created\":1754352000,\"owned_by\":\"anthropic\"},"
        + "{\"id\":\"gpt-5\",\"object\":\"model\",\"created\":1754425777,\"owned_by\":\"system\"},"
        + "{\"id\":\"my-alias\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"}]}",
        body(get("/v1/models", false)));
    RecordedRequest claude = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET", claude.getMethod());
    assertEquals("/v1/models?limit=1000", claude.getTarget());
    assertEquals("sk-ant-claude-key", claude.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", claude.getHeaders().get("anthropic-version"));
    RecordedRequest openai = h.upstream(1).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/models", openai.getTarget());
    assertEquals("Bearer sk-openai-key", openai.getHeaders().get("Authorization"));
    assertEquals(0, h.upstream(2).getRequestCount());
  }

  @Test
  void anthropicClientsGetTheAnthropicShape() throws Exception {
    h = new ApiHarness(3, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    channels();
    h.upstream(0).enqueue(new MockResponse.Builder().body(CLAUDE_LIST).build());
    h.upstream(1).enqueue(new MockResponse.Builder().body(OPENAI_LIST).build());
    assertEquals("{\"data\":["
        + "{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\"},"
        + "{\"type\":\"model\",\"id\":\"claude-opus-4-1\",\"display_name\":\"Claude Opus 4.1\",\"created_at\":\"2025-08-05T00:00:00Z\"},"
        + "{\"type\":\"model\",\"id\":\"gpt-5\",\"display_name\":\"gpt-5\",\"created_at\":\"2025-08-05T20:29:37Z\"},"
        + "{\"type\":\"model\",\"id\":\"my-alias\",\"display_name\":\"my-alias\",\"created_at\":\"1970-01-01T00:00:00Z\"}],"
        + "\"has_more\":false,\"first_id\":\"claude-sonnet-4-5\",\"last_id\":\"my-alias\"}",
        body(get("/v1/models", true)));
  }

  @Test
  void listsAreCachedPerChannelUntilTheirTimeIsUp() throws Exception {
    h = new ApiHarness(3, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    channels();
    h.upstream(0).enqueue(new MockResponse.Builder().body(CLAUDE_LIST).build());
    h.upstream(1).enqueue(new MockResponse.Builder().body(OPENAI_LIST).build());
    String first = body(get("/v1/models", false));
    h.clock.advance(Duration.ofMinutes(4));
    assertEquals(first, body(get("/v1/models", false)));
    assertEquals(1, h.upstream(0).getRequestCount());
    assertEquals(1, h.upstream(1).getRequestCount());
    h.clock.advance(Duration.ofMinutes(2));
    h.upstream(0).enqueue(new MockResponse.Builder().body("{\"data\":[{\"id\":\"claude-new\"}]}").build());
    h.upstream(1).enqueue(new MockResponse.Builder().body(OPENAI_LIST).build());
    assertTrue(body(get("/v1/models", false)).startsWith("{\"object\":\"list\",\"data\":[{\"id\":\"claude-new\""));
    assertEquals(2, h.upstream(0).getRequestCount());
  }

  @Test
  void aFailingUpstreamNeverFailsTheList() throws Exception {
    h = new ApiHarness(3, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    channels();
    h.upstream(0).enqueue(new MockResponse.Builder().code(500).body("{\"error\":\"down\"}").build());
    h.upstream(1).enqueue(new MockResponse.Builder().body(OPENAI_LIST).build());
    assertEquals("{\"object\":\"list\",\"data\":["
        + "{\"id\":\"gpt-5\",\"object\":\"model\",\"created\":1754425777,\"owned_by\":\"system\"},"
        + "{\"id\":\"claude-sonnet-4-5\",\"object\":\"model\",\"created\":1,\"owned_by\":\"relay\"},"
        + "{\"id\":\"my-alias\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"}]}",
        body(get("/v1/models", false)));
    // An unreachable upstream (closed port) is tolerated too.
    h.upstream(1).close();
    h.clock.advance(Duration.ofMinutes(10));
    h.upstream(0).enqueue(new MockResponse.Builder().body(CLAUDE_LIST).build());
    assertTrue(body(get("/v1/models", false)).contains("\"claude-opus-4-1\""));
  }

  @Test
  void oneModelByIdAndNotFound() throws Exception {
    h = new ApiHarness(3, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    channels();
    h.upstream(0).enqueue(new MockResponse.Builder().body(CLAUDE_LIST).build());
    h.upstream(1).enqueue(new MockResponse.Builder().body(OPENAI_LIST).build());
    assertEquals("{\"id\":\"gpt-5\",\"object\":\"model\",\"created\":1754425777,\"owned_by\":\"system\"}",
        body(get("/v1/models/gpt-5", false)));
    assertEquals("{\"type\":\"model\",\"id\":\"claude-opus-4-1\",\"display_name\":\"Claude Opus 4.1\","
        + "\"created_at\":\"2025-08-05T00:00:00Z\"}", body(get("/v1/models/claude-opus-4-1", true)));
    try (Response r = h.call(get("/v1/models/nope", false))) {
      assertEquals(404, r.code());
      assertTrue(r.body().string().startsWith("{\"error\":{\"message\":\"model not found: nope\""));
    }
    try (Response r = h.call(get("/v1/models/nope", true))) {
      assertEquals(404, r.code());
      assertTrue(r.body().string().contains("\"not_found_error\""));
    }
  }

  @Test
  void geminiListComesFromGeminiChannelsInGeminiShape() throws Exception {
    h = new ApiHarness(2, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    h.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.GEMINI, Channel.builder().id("ch-gem").serviceType("gemini").baseUrl(h.baseUrl(0))
            .apiKeys("AIza-gemini-key").build())
        .add(ApiKind.GEMINI, Channel.builder().id("ch-gem-claude").serviceType("claude").baseUrl(h.baseUrl(1))
            .apiKeys("sk-ant-x").build())
        .build());
    h.upstream(0).enqueue(new MockResponse.Builder().body(GEMINI_LIST).build());
    h.upstream(1).enqueue(new MockResponse.Builder().body("{\"data\":[{\"id\":\"claude-haiku-4-5\","
        + "\"display_name\":\"Claude Haiku 4.5\"}]}").build());
    Request request = new Request.Builder().url(h.url("/v1beta/models")).header("x-goog-api-key", ApiHarness.ACCESS_KEY)
        .build();
    assertEquals("{\"models\":[{\"name\":\"models/gemini-2.5-pro\",\"version\":\"2.5\","
        + "\"displayName\":\"Gemini 2.5 Pro\",\"inputTokenLimit\":1048576,"
        + "\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]},"
        + "{\"name\":\"models/claude-haiku-4-5\",\"displayName\":\"Claude Haiku 4.5\","
        + "\"supportedGenerationMethods\":[\"generateContent\",\"streamGenerateContent\",\"countTokens\"]}]}", body(request));
    RecordedRequest gem = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1beta/models?pageSize=1000", gem.getTarget());
    assertEquals("AIza-gemini-key", gem.getHeaders().get("x-goog-api-key"));
    Request one = new Request.Builder().url(h.url("/v1beta/models/gemini-2.5-pro"))
        .header("x-goog-api-key", ApiHarness.ACCESS_KEY).build();
    assertTrue(body(one).startsWith("{\"name\":\"models/gemini-2.5-pro\""));
  }

  @Test
  void modelsNeedTheAccessKey() throws Exception {
    h = new ApiHarness(0, CountTokensMode.LOCAL, Duration.ofMinutes(5));
    try (Response r = h.call(new Request.Builder().url(h.url("/v1/models")).build())) {
      assertEquals(401, r.code());
    }
    try (Response r = h.call(new Request.Builder().url(h.url("/v1/models")).header("x-api-key", "wrong")
        .header("anthropic-version", "2023-06-01").build())) {
      assertEquals(401, r.code());
      assertTrue(r.body().string().contains("\"authentication_error\""));
    }
    assertEquals("{\"object\":\"list\",\"data\":[]}", body(get("/v1/models", false)));
  }
}
