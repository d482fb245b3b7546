package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeminiRoutesTest {
  static final String REQUEST = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
      + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"AUTO\"}},\"generationConfig\":{\"seed\":12345678901234567890}}";
  static final String ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\",\"thoughtSignature\":\"c2ln\"}]},"
      + "\"finishReason\":\"STOP\",\"citationMetadata\":{}}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1},"
      + "\"responseId\":\"abc\"}";
  static final String CHUNK1 = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}";
  static final String CHUNK2 = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},"
      + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}";

  private Harness h;

  @AfterEach
  void tearDown() {
    Harness.closeChecked(h);
  }

  private Harness gemini() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    return h.use(ApiKind.GEMINI, h.channel(0, "gemini").modelMapping(Map.of("gemini-pro", "gemini-2.5-pro")).build());
  }

  private Request.Builder post(String pathAndQuery, String body) {
    return new Request.Builder().url(h.url(pathAndQuery)).post(RequestBody.create(body, MediaType.get("application/json")));
  }

  @Test
  void generateContentIsPassedThroughByteForByteWithTheKeyInTheQuery() throws Exception {
    gemini();
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    try (Response r = h.call(post("/v1beta/models/gemini-pro:generateContent?key=" + Harness.ACCESS_KEY, REQUEST)
        .header("x-goog-api-client", "google-genai-sdk/1.0").build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", up.getTarget());
    assertEquals(REQUEST, up.getBody().utf8());
    assertEquals("key-0", up.getHeaders().get("x-goog-api-key"));
    assertEquals("google-genai-sdk/1.0", up.getHeaders().get("x-goog-api-client"));
    for (String name : up.getHeaders().names()) {
      assertFalse(up.getHeaders().get(name).contains(Harness.ACCESS_KEY), "access key leaked in " + name);
    }
  }

  @Test
  void theGenAiSdkDefaultV1PathWorksToo() throws Exception {
    gemini();
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    try (Response r = h.call(post("/v1/models/gemini-pro:generateContent", REQUEST).header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
    }
    assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", h.upstream(0).takeRequest().getTarget());
  }

  @Test
  void streamWithAltSseIsPassedThroughEventByEvent() throws Exception {
    gemini();
    String sse = "data: " + CHUNK1 + "\r\n\r\ndata: " + CHUNK2 + "\r\n\r\n";
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(sse, 13).build());
    try (Response r = h.call(post("/v1beta/models/gemini-pro:streamGenerateContent?alt=sse", REQUEST)
        .header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      assertEquals(sse, r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", up.getTarget());
    assertEquals(REQUEST, up.getBody().utf8());
  }

  @Test
  void streamWithoutAltSseIsAJsonArrayFlushedChunkByChunk() throws Exception {
    gemini();
    GatedBody body = new GatedBody(List.of("data: " + CHUNK1 + "\n\n", "data: " + CHUNK2 + "\n\n"), 0);
    // The body has no length: closing the socket is what ends it (Gemini streams end at EOF).
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body)
        .onResponseEnd(new SocketEffect.CloseSocket()).build());
    try (Response r = h.call(post("/v1beta/models/gemini-pro:streamGenerateContent", REQUEST)
        .header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("application/json"));
      BufferedSource source = r.body().source();
      String first = "[" + CHUNK1;
      assertEquals(first, source.readUtf8(first.length()));
      body.release();
      String rest = source.readUtf8();
      assertEquals(",\r\n" + CHUNK2 + "]", rest);
      JsonArray array = (JsonArray) Json.parse(first + rest);
      assertEquals(2, array.size());
    }
    assertEquals("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", h.upstream(0).takeRequest().getTarget());
  }

  @Test
  void countTokensIsPassedThroughToGemini() throws Exception {
    gemini();
    h.upstream(0).enqueue(new MockResponse.Builder().body("{\"totalTokens\":3}").build());
    try (Response r = h.call(post("/v1beta/models/gemini-pro:countTokens", "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}")
        .header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(200, r.code());
      assertEquals("{\"totalTokens\":3}", r.body().string());
    }
    assertEquals("/v1beta/models/gemini-2.5-pro:countTokens", h.upstream(0).takeRequest().getTarget());
  }

  private static void assertGeminiError(Response r, int code, String status) throws Exception {
    assertEquals(code, r.code());
    JsonObject error = json(r).getObject("error");
    assertEquals(code, error.getLong("code", -1));
    assertEquals(status, error.getString("status"));
    assertTrue(error.getString("message").length() > 5);
  }

  @Test
  void errorsMadeByTheRouterUseTheGeminiShape() throws Exception {
    gemini();
    try (Response r = h.call(post("/v1beta/models/gemini-pro:generateContent?key=wrong", REQUEST).build())) {
      assertGeminiError(r, 401, "UNAUTHENTICATED");
    }
    try (Response r = h.call(post("/v1beta/models/gemini-pro:embedContent", REQUEST).header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertGeminiError(r, 404, "NOT_FOUND");
    }
    try (Response r = h.call(post("/v1beta/models/:generateContent", REQUEST).header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertGeminiError(r, 400, "INVALID_ARGUMENT");
    }
    try (Response r = h.call(post("/v1beta/models/gemini-pro:generateContent", "{\"contents\":").header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertGeminiError(r, 400, "INVALID_ARGUMENT");
    }
    try (Response r = h.call(new Request.Builder().url(h.url("/v1beta/models/gemini-pro:generateContent"))
        .header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertGeminiError(r, 405, "INVALID_ARGUMENT");
    }
    h.use(ApiKind.MESSAGES, h.channel(0, "claude").build());
    try (Response r = h.call(post("/v1beta/models/gemini-pro:generateContent", REQUEST).header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertGeminiError(r, 503, "UNAVAILABLE");
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void upstreamErrorIsRelayedAsItIs() throws Exception {
    gemini();
    String error = "{\"error\":{\"code\":400,\"message\":\"Request contains an unknown field: foo\",\"status\":\"INVALID_ARGUMENT\"}}";
    h.upstream(0).enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body(error).build());
    try (Response r = h.call(post("/v1beta/models/gemini-pro:generateContent", REQUEST).header("x-goog-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(400, r.code());
      assertEquals(error, r.body().string());
    }
  }

  @Test
  void getOnAV1ModelPathIsLeftToTheModelsApi() throws Exception {
    gemini();
    try (Response r = h.call(new Request.Builder().url(h.url("/v1/models/ft:gpt-4o:org")).header("x-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(404, r.code());
      assertNull(json(r).getObject("error").get("status"));
    }
  }
}
