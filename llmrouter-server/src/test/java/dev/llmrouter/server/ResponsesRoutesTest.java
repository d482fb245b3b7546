package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.json;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponsesRoutesTest {
  static final String REQUEST = "{\"model\":\"gpt-5\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"}],"
      + "\"reasoning\":{\"effort\":\"low\"},\"new_field\":[1.50, 12345678901234567890]}";
  static final String ANSWER = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\","
      + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\",\"annotations\":[]}]}],"
      + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1,\"total_tokens\":6},\"extra\": {\"kept\": true}}";

  private Harness h;

  @AfterEach
  void tearDown() {
    Harness.closeChecked(h);
  }

  private Harness responses() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    return h.use(ApiKind.RESPONSES, h.channel(0, "responses").modelMapping(Map.of("gpt-5", "gpt-5-codex")).build());
  }

  @Test
  void nonStreamedResponsesArePassedThroughByteForByte() throws Exception {
    responses();
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_7").body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/responses", REQUEST).header("openai-beta", "responses=v1").build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
      // The request's own id is x-request-id; the upstream's goes on under another name.
      assertEquals("req_7", r.header("x-llmrouter-upstream-request-id"));
      assertTrue(r.header("x-request-id").startsWith("req_"), r.header("x-request-id"));
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1/responses", up.getTarget());
    assertEquals(REQUEST.replace("\"gpt-5\"", "\"gpt-5-codex\""), up.getBody().utf8());
    assertEquals("Bearer key-0", up.getHeaders().get("Authorization"));
    assertEquals("responses=v1", up.getHeaders().get("openai-beta"));
    assertNull(up.getHeaders().get("x-api-key"));
    for (String name : up.getHeaders().names()) {
      assertFalse(up.getHeaders().get(name).contains(Harness.ACCESS_KEY), "access key leaked in " + name);
    }
  }

  @Test
  void streamedResponsesArePassedThroughEventByEvent() throws Exception {
    responses();
    String sse = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0}\n\n"
        + ": keep-alive\n\n"
        + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n"
        + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":3,"
        + "\"output_tokens\":1}}}\n\n";
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(sse, 11).build());
    try (Response r = h.call(h.post("/v1/responses", REQUEST.replace("{", "{\"stream\":true,")).build())) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      assertEquals(sse, r.body().string());
    }
    assertEquals("identity", h.upstream(0).takeRequest().getHeaders().get("Accept-Encoding"));
  }

  @Test
  void compactIsPassedThroughToResponsesCompact() throws Exception {
    responses();
    String compacted = "{\"id\":\"cmp\",\"object\":\"response.compaction\",\"output\":[{\"type\":\"compaction\",\"encrypted_content\":\"x\"}]}";
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(compacted).build());
    try (Response r = h.call(h.post("/v1/responses/compact", REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals(compacted, r.body().string());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1/responses/compact", up.getTarget());
    assertEquals("Bearer key-0", up.getHeaders().get("Authorization"));
  }

  @Test
  void upstreamErrorsAreRelayedAsTheyAre() throws Exception {
    responses();
    String error = "{\"error\":{\"message\":\"Invalid value: 'x'\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":null}}";
    h.upstream(0).enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body(error).build());
    try (Response r = h.call(h.post("/v1/responses", REQUEST).build())) {
      assertEquals(400, r.code());
      assertEquals(error, r.body().string());
    }
  }

  @Test
  void errorsMadeByTheRouterUseTheOpenAiShape() throws Exception {
    responses();
    Request wrongKey = h.post("/v1/responses", REQUEST).header("x-api-key", "wrong").build();
    try (Response r = h.call(wrongKey)) {
      assertEquals(401, r.code());
      JsonObject error = json(r).getObject("error");
      assertEquals("authentication_error", error.getString("type"));
      assertEquals("invalid_api_key", error.getString("code"));
    }
    try (Response r = h.call(new Request.Builder().url(h.url("/v1/responses")).header("x-api-key", Harness.ACCESS_KEY).build())) {
      assertEquals(405, r.code());
      assertEquals("invalid_request_error", json(r).getObject("error").getString("type"));
    }
    try (Response r = h.call(h.post("/v1/responses", "{\"model\":").build())) {
      assertEquals(400, r.code());
      assertEquals("invalid_request_error", json(r).getObject("error").getString("type"));
    }
    h.use(ApiKind.MESSAGES, h.channel(0, "claude").build());
    try (Response r = h.call(h.post("/v1/responses", REQUEST).build())) {
      assertEquals(503, r.code());
      assertEquals("no responses channel is configured", json(r).getObject("error").getString("message"));
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void firstEventIsFlushedBeforeTheUpstreamSendsMore() throws Exception {
    responses();
    java.util.List<String> events = java.util.List.of(
        "event: response.created\ndata: {\"type\":\"response.created\"}\n\n",
        "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{}}\n\n");
    GatedBody body = new GatedBody(events, 0);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try (Response r = h.call(h.post("/v1/responses", REQUEST.replace("{", "{\"stream\":true,")).build())) {
      BufferedSource source = r.body().source();
      assertEquals(events.get(0), readEvent(source));
      body.release();
      assertEquals(events.get(1), readEvent(source));
      assertNull(readEvent(source));
    }
  }
}
