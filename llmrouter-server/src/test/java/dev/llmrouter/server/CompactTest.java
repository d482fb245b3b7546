package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses/compact} through the real server. */
class CompactTest {
  private static final String REQUEST = "{\"model\":\"gpt-5\",\"input\":[{\"role\":\"user\",\"content\":\"long history\"}],"
      + "\"instructions\":\"x\",\"unknown\":{\"n\":12345678901234567890,\"f\":1.50}}";
  private static final String ANSWER = "{\"id\":\"resp_cmp_1\",\"object\":\"response.compaction\",\"output\":[{\"type\":"
      + "\"compaction\",\"encrypted_content\":\"gAAAA...\"}],\"usage\":{\"input_tokens\":900,\"output_tokens\":40},"
      + "\"extra\":  [1, 2.0]}";

  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  @Test
  void compactPassesThroughByteForByte() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.RESPONSES, Channel.builder().id("ch-r").name("r")
        .serviceType("responses").baseUrl(h.upstream(0).url("/v1").toString()).apiKeys("sk-openai-1").build()).build());
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_9").body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/responses/compact", REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
      // The request's own id is x-request-id; the upstream's goes on under another name.
      assertEquals("req_9", r.header("x-llmrouter-upstream-request-id"));
      assertTrue(r.header("x-request-id").startsWith("req_"), r.header("x-request-id"));
    }
    RecordedRequest up = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/responses/compact", up.getTarget());
    assertEquals("Bearer sk-openai-1", up.getHeaders().get("Authorization"));
    assertEquals(REQUEST, up.getBody().utf8());
  }

  @Test
  void compactFailsOverBetweenResponsesChannels() throws Exception {
    h = Harness.create(2, b -> b, Timeouts.DEFAULT, o -> o);
    h.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.RESPONSES, Channel.builder().id("ch-1").name("one").serviceType("responses").priority(1)
            .baseUrl(h.upstream(0).url("/").toString()).apiKeys("sk-1").build())
        .add(ApiKind.RESPONSES, Channel.builder().id("ch-2").name("two").serviceType("responses").priority(2)
            .baseUrl(h.upstream(1).url("/").toString()).apiKeys("sk-2").build()).build());
    h.upstream(0).enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"overloaded\"}}").build());
    h.upstream(1).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/responses/compact", REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
      assertEquals("two", r.header("x-llmrouter-channel"));
      assertEquals("2", r.header("x-llmrouter-attempts"));
    }
    assertEquals("/v1/responses/compact", h.upstream(0).takeRequest(5, TimeUnit.SECONDS).getTarget());
    RecordedRequest second = h.upstream(1).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("Bearer sk-2", second.getHeaders().get("Authorization"));
    assertEquals(REQUEST, second.getBody().utf8());
  }

  @Test
  void noChannelThatCanCompactGivesAnOpenAiError() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.RESPONSES, Channel.builder().id("ch-c").name("c")
        .serviceType("claude").baseUrl(h.upstream(0).url("/").toString()).apiKeys("sk-ant-1").build()).build());
    try (Response r = h.call(h.post("/v1/responses/compact", REQUEST).build())) {
      assertEquals(503, r.code());
      assertEquals("application/json", r.header("Content-Type"));
      JsonObject error = Json.parseObject(r.body().string()).getObject("error");
      assertNotNull(error.getString("message"));
      assertEquals("server_error", error.getString("type"));
      assertEquals("service_unavailable", error.getString("code"));
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }
}
