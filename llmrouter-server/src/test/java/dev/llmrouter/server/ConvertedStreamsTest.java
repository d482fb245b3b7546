package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.json;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.convert.validate.StreamValidators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Converted answers through the server: JSON answers to stream requests, errors, breaks, cancels, Gemini arrays. */
class ConvertedStreamsTest {
  private static final Path FIXTURES = Path.of("..", "llmrouter-convert", "src", "test", "resources", "fixtures");
  private Harness h;

  @AfterEach
  void tearDown() {
    Harness.closeChecked(h);
  }

  static Stream<Arguments> jsonAnswers() {
    List<Arguments> out = new ArrayList<>();
    String[][] answers = {{"claude", "response_text.json"}, {"claude", "response_tool_use.json"}, {"claude", "response_thinking.json"},
        {"openai", "response_text.json"}, {"openai", "response_tool_calls.json"}, {"openai", "response_reasoning.json"},
        {"gemini", "response_text.json"}, {"gemini", "response_function_call.json"},
        {"responses", "response_text.json"}, {"responses", "response_function_call.json"}, {"responses", "response_reasoning.json"}};
    for (Protocol client : List.of(Protocol.CLAUDE, Protocol.RESPONSES, Protocol.GEMINI)) {
      for (String[] a : answers) {
        if (!a[0].equals(client.serviceType())) out.add(Arguments.of(client, a[0], a[1]));
      }
    }
    return out.stream();
  }

  /** An upstream that answers a stream request with plain JSON still gives the client a valid stream. */
  @ParameterizedTest(name = "{0} client, {1} channel: {2}")
  @MethodSource("jsonAnswers")
  void jsonAnswerToAStreamRequestBecomesAValidClientStream(Protocol client, String serviceType, String file) throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.use(kind(client), h.channel(0, serviceType).build());
    String answer = Files.readString(FIXTURES.resolve(serviceType).resolve(file));
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(answer).build());
    try (Response r = h.call(h.streamRequest(client, false))) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      String got = r.body().string();
      StreamValidators.forProtocol(client).validate(got.getBytes(StandardCharsets.UTF_8));
      String marker = file.contains("tool") || file.contains("function") ? "get_weather" : file.contains("text") ? "Hello"
          : serviceType.equals("claude") ? "The user wants 2+2" : "27 plus 453";
      assertTrue(got.contains(marker), got);
    }
  }

  @Test
  void upstreamErrorIsRenderedInTheClientsShape() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.use(ApiKind.MESSAGES, h.channel(0, "openai").build());
    h.upstream(0).enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .addHeader("retry-after", "7")
        .body("{\"error\":{\"message\":\"Rate limit reached for gpt-4o\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").build());
    try (Response r = h.call(h.post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").build())) {
      assertEquals(429, r.code());
      assertEquals("7", r.header("retry-after"));
      JsonObject body = json(r);
      assertEquals("error", body.getString("type"));
      assertEquals("rate_limit_error", body.getObject("error").getString("type"));
      assertEquals("Rate limit reached for gpt-4o", body.getObject("error").getString("message"));
    }
  }

  @Test
  void upstreamBreakingMidStreamEndsTheClientStreamWithItsOwnErrorEvent() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.use(ApiKind.MESSAGES, h.channel(0, "openai").build());
    String first = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(new mockwebserver3.MockResponseBody() {
          @Override
          public long getContentLength() {
            return first.length() + 500;
          }

          @Override
          public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
            sink.writeUtf8(first).flush();
          }
        }).onResponseEnd(new SocketEffect.CloseSocket()).build());
    try (Response r = h.call(h.post("/v1/messages", "{\"model\":\"m\",\"stream\":true,\"max_tokens\":5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").build())) {
      String got = r.body().string();
      assertTrue(got.startsWith("event: message_start\n"), got);
      assertTrue(got.contains("\"text\":\"Hel\""), got);
      String[] events = got.split("\n\n");
      String last = events[events.length - 1];
      assertTrue(last.startsWith("event: error\n"), last);
    }
  }

  @Test
  void clientDisconnectingMidConvertedStreamCancelsTheUpstreamCall() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.use(ApiKind.RESPONSES, h.channel(0, "claude").build());
    List<String> events = new ArrayList<>(MessagesPassthroughTest.claudeStream().subList(0, 2));
    for (int i = 0; i < 400; i++) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t" + i + "\"}}\n\n");
    }
    GatedBody body = new GatedBody(events, 25);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    Response r = h.call(h.post("/v1/responses", "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}").build());
    String event = readEvent(r.body().source());
    assertTrue(event.startsWith("event: response.created\n"), event);
    r.close();
    body.release();
    assertTrue(h.awaitCancel(10), "the upstream call was not cancelled");
    assertTrue(body.writeFailed.await(10, TimeUnit.SECONDS), "the upstream kept sending to nobody");
  }

  @Test
  void geminiClientWithoutAltSseGetsAConvertedJsonArray() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.use(ApiKind.GEMINI, h.channel(0, "claude").build());
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(String.join("", MessagesPassthroughTest.claudeStream())).build());
    Request req = new Request.Builder().url(h.url("/v1beta/models/g:streamGenerateContent"))
        .post(RequestBody.create("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}", MediaType.get("application/json")))
        .header("x-goog-api-key", Harness.ACCESS_KEY).build();
    try (Response r = h.call(req)) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("application/json"));
      JsonValue parsed = Json.parse(r.body().string());
      JsonArray chunks = (JsonArray) parsed;
      StringBuilder text = new StringBuilder();
      StringBuilder sse = new StringBuilder();
      for (JsonValue chunk : chunks) {
        sse.append("data: ").append(Json.writeString(chunk)).append("\n\n");
        String s = Json.writeString(chunk);
        if (s.contains("\"Hi\"")) text.append("Hi");
      }
      assertEquals("Hi", text.toString());
      StreamValidators.forProtocol(Protocol.GEMINI).validate(sse.toString().getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("/v1/messages", h.upstream(0).takeRequest().getTarget());
  }

  private static ApiKind kind(Protocol client) {
    return client == Protocol.CLAUDE ? ApiKind.MESSAGES : client == Protocol.RESPONSES ? ApiKind.RESPONSES : ApiKind.GEMINI;
  }
}
