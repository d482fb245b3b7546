package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeminiCountTokensTest {
  private Harness h;

  @AfterEach
  void tearDown() {
    Harness.closeChecked(h);
  }

  private Harness claudeBehindGemini() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    return h.use(ApiKind.GEMINI, h.channel(0, "claude").modelMapping(Map.of("gemini-pro", "claude-sonnet-4-5")).build());
  }

  private Request count(String body) {
    return new Request.Builder().url(h.url("/v1beta/models/gemini-pro:countTokens"))
        .post(RequestBody.create(body, MediaType.get("application/json"))).header("x-goog-api-key", Harness.ACCESS_KEY).build();
  }

  @Test
  void countTokensOnAClaudeChannelGoesToMessagesCountTokens() throws Exception {
    claudeBehindGemini();
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"input_tokens\":42}").build());
    try (Response r = h.call(count("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"How many tokens?\"}]}]}"))) {
      assertEquals(200, r.code());
      assertEquals("{\"totalTokens\":42}", r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1/messages/count_tokens", up.getTarget());
    assertEquals("key-0", up.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", up.getHeaders().get("anthropic-version"));
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    assertEquals("claude-sonnet-4-5", sent.getString("model"));
    assertEquals(1, sent.getArray("messages").size());
    assertEquals(true, Json.writeString(sent.getArray("messages")).contains("How many tokens?"));
    assertNull(sent.get("max_tokens"));
    assertNull(sent.get("stream"));
  }

  @Test
  void aWholeGenerateContentRequestIsCountedWithItsSystemInstruction() throws Exception {
    claudeBehindGemini();
    h.upstream(0).enqueue(new MockResponse.Builder().body("{\"input_tokens\":7}").build());
    String body = "{\"generateContentRequest\":{\"model\":\"models/gemini-pro\",\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}}";
    try (Response r = h.call(count(body))) {
      assertEquals("{\"totalTokens\":7}", r.body().string());
    }
    JsonObject sent = Json.parseObject(h.upstream(0).takeRequest().getBody().utf8());
    assertEquals("claude-sonnet-4-5", sent.getString("model"));
    assertEquals(true, Json.writeString(sent.get("system")).contains("Be brief."));
  }

  @Test
  void upstreamErrorComesBackInTheGeminiShape() throws Exception {
    claudeBehindGemini();
    h.upstream(0).enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages: at least one message is required\"}}")
        .build());
    try (Response r = h.call(count("{\"contents\":[]}"))) {
      assertEquals(400, r.code());
      JsonObject error = json(r).getObject("error");
      assertEquals(400, error.getLong("code", -1));
      assertEquals("messages: at least one message is required", error.getString("message"));
    }
  }

  private Harness behindGemini(String serviceType) throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    return h.use(ApiKind.GEMINI, h.channel(0, serviceType).modelMapping(Map.of("gemini-pro", "upstream-model")).build());
  }

  private static final String CONTENTS = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"How many tokens?\"}]}]}";

  @Test
  void countTokensOnAGeminiChannelIsPassedThrough() throws Exception {
    behindGemini("gemini");
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"totalTokens\":5,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":5}]}").build());
    try (Response r = h.call(count(CONTENTS))) {
      assertEquals(200, r.code());
      assertEquals("{\"totalTokens\":5,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":5}]}", r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1beta/models/upstream-model:countTokens", up.getTarget());
    assertEquals(CONTENTS, up.getBody().utf8());
  }

  @Test
  void countTokensOnAResponsesChannelGoesToInputTokens() throws Exception {
    behindGemini("responses");
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"object\":\"response.input_tokens\",\"input_tokens\":11}").build());
    String body = "{\"generateContentRequest\":{\"model\":\"models/gemini-pro\",\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
        + "\"generationConfig\":{\"maxOutputTokens\":100,\"temperature\":0.5}}}";
    try (Response r = h.call(count(body))) {
      assertEquals(200, r.code());
      assertEquals("{\"totalTokens\":11}", r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1/responses/input_tokens", up.getTarget());
    assertEquals("Bearer key-0", up.getHeaders().get("Authorization"));
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    assertEquals("upstream-model", sent.getString("model"));
    assertEquals("Be brief.", sent.getString("instructions"));
    assertEquals(true, Json.writeString(sent.getArray("input")).contains("hi"));
    // input_tokens takes no generation settings and no stream flag.
    assertNull(sent.get("max_output_tokens"));
    assertNull(sent.get("temperature"));
    assertNull(sent.get("stream"));
  }

  @Test
  void countTokensOnAChatChannelIsEstimatedLocally() throws Exception {
    behindGemini("openai");
    try (Response r = h.call(count(CONTENTS))) {
      assertEquals(200, r.code());
      long expected = dev.llmrouter.convert.tokens.TokenEstimator.geminiRequest(Json.parseObject(CONTENTS));
      assertEquals("{\"totalTokens\":" + expected + "}", r.body().string());
      assertEquals(true, expected > 0);
    }
    // Chat Completions has no count endpoint: nothing was sent upstream.
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void aFailedUpstreamCountFallsBackToTheLocalEstimate() throws Exception {
    behindGemini("responses");
    h.upstream(0).enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\"}}").build());
    try (Response r = h.call(count(CONTENTS))) {
      assertEquals(200, r.code());
      long expected = dev.llmrouter.convert.tokens.TokenEstimator.geminiRequest(Json.parseObject(CONTENTS));
      assertEquals("{\"totalTokens\":" + expected + "}", r.body().string());
    }
    assertEquals("/v1/responses/input_tokens", h.upstream(0).takeRequest().getTarget());
  }
}
