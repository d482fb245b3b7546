package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.server.sessions.InMemorySessionStore;
import dev.llmrouter.server.sessions.SessionLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Responses conversations through the real server, kept by llmrouter for converting channels. */
class ResponsesConversationTest {
  static final String TOOL = "{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather of a city\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}";

  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  /** Conversations in memory with the original's limits. */
  static InMemorySessionStore memory() {
    return new InMemorySessionStore(SessionLimits.DEFAULT, java.time.Clock.systemUTC());
  }

  static Stream<Arguments> converting() {
    List<Arguments> out = new ArrayList<>();
    for (SessionUpstreams up : SessionUpstreams.values()) {
      out.add(Arguments.of(up, false));
      out.add(Arguments.of(up, true));
    }
    return out.stream();
  }

  private void start(SessionUpstreams up) throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.sessionStore(memory()));
    h.router.setSnapshot(dev.llmrouter.api.ChannelSnapshot.builder().add(ApiKind.RESPONSES, Channel.builder()
        .id("ch-conv").name("conv").serviceType(up.serviceType).baseUrl(h.upstream(0).url("/").toString())
        .apiKeys("upstream-key-1").build()).build());
  }

  /** Sends one turn and returns the final response object the client received. */
  static JsonObject turn(Harness h, String body, boolean stream) throws Exception {
    try (Response r = h.call(h.post("/v1/responses", body).build())) {
      String text = r.body().string();
      assertEquals(200, r.code(), text);
      if (!stream) return Json.parseObject(text);
      JsonObject completed = null;
      for (String event : text.split("\n\n")) {
        for (String line : event.split("\n")) {
          if (!line.startsWith("data: ")) continue;
          JsonObject o = Json.parseObject(line.substring(6));
          if ("response.completed".equals(o.getString("type"))) completed = o.getObject("response");
        }
      }
      assertNotNull(completed, "no response.completed in " + text);
      return completed;
    }
  }

  static String callId(JsonObject response) {
    for (JsonValue v : response.getArray("output")) {
      if ("function_call".equals(v.asObject().getString("type"))) return v.asObject().getString("call_id");
    }
    throw new AssertionError("no function_call in " + response);
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @MethodSource("converting")
  void thirdTurnCarriesTheWholeConversationInOrder(SessionUpstreams up, boolean stream) throws Exception {
    start(up);
    h.upstream(0).enqueue(up.toolCall(stream));
    h.upstream(0).enqueue(up.text(stream, "It is 18C and sunny."));
    h.upstream(0).enqueue(up.text(stream, "Rain tomorrow."));
    JsonObject first = turn(h, "{\"model\":\"m\",\"input\":\"Weather in Paris?\",\"tools\":[" + TOOL + "],\"stream\":" + stream + "}",
        stream);
    String call = callId(first);
    JsonObject second = turn(h, "{\"model\":\"m\",\"previous_response_id\":\"" + first.getString("id") + "\",\"input\":["
        + "{\"type\":\"function_call_output\",\"call_id\":\"" + call + "\",\"output\":\"18C and sunny\"}],\"tools\":[" + TOOL
        + "],\"stream\":" + stream + "}", stream);
    JsonObject third = turn(h, "{\"model\":\"m\",\"previous_response_id\":\"" + second.getString("id")
        + "\",\"input\":\"Thanks! And tomorrow?\",\"stream\":" + stream + "}", stream);

    for (JsonObject r : List.of(first, second, third)) {
      assertTrue(r.getString("id").matches("resp_[A-Za-z0-9_-]{16,}"), r.getString("id"));
    }
    assertNotEquals(first.getString("id"), second.getString("id"));
    assertNotEquals(second.getString("id"), third.getString("id"));
    RecordedRequest r1 = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest r2 = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest r3 = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    assertEquals(expected(up).subList(0, 1), up.conversation(Json.parseObject(r1.getBody().utf8())));
    assertEquals(expected(up).subList(0, 3), up.conversation(Json.parseObject(r2.getBody().utf8())));
    assertEquals(expected(up), up.conversation(Json.parseObject(r3.getBody().utf8())));
    assertFalse(r3.getBody().utf8().contains("previous_response_id"));
  }

  static List<String> expected(SessionUpstreams up) {
    String assistant = up == SessionUpstreams.GEMINI ? "model" : "assistant";
    String call = assistant + ":call(get_weather,{\"city\":\"Paris\"})";
    String result;
    switch (up) {
      case CLAUDE: result = "user:result(18C and sunny)"; break;
      case OPENAI: result = "tool:result(18C and sunny)"; break;
      default: result = "user:result({\"output\":\"18C and sunny\"})"; break;
    }
    return List.of("user:text(Weather in Paris?)", call, result, assistant + ":text(It is 18C and sunny.)",
        "user:text(Thanks! And tomorrow?)");
  }

  @Test
  void unknownPreviousResponseIdIs404AndReachesNoChannel() throws Exception {
    start(SessionUpstreams.CLAUDE);
    try (Response r = h.call(h.post("/v1/responses",
        "{\"model\":\"m\",\"previous_response_id\":\"resp_unknown\",\"input\":\"hi\"}").build())) {
      assertEquals(404, r.code());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals("{\"error\":{\"message\":\"Previous response with id 'resp_unknown' not found.\","
          + "\"type\":\"invalid_request_error\",\"param\":\"previous_response_id\",\"code\":\"previous_response_not_found\"}}",
          r.body().string());
    }
    assertEquals(0, h.upstream(0).getRequestCount());
  }

  @Test
  void responsesChannelsKeepTheirConversationAndSeeTheClientsBytes() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.sessionStore(memory()));
    h.router.setSnapshot(dev.llmrouter.api.ChannelSnapshot.builder().add(ApiKind.RESPONSES, Channel.builder()
        .id("ch-resp").name("resp").serviceType("responses").baseUrl(h.upstream(0).url("/").toString())
        .apiKeys("sk-openai-1").build()).build());
    String answer1 = "{\"id\":\"resp_upstream_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1,\"total_tokens\":6}}";
    h.upstream(0).enqueue(SessionUpstreams.json(answer1));
    h.upstream(0).enqueue(SessionUpstreams.json(answer1.replace("resp_upstream_1", "resp_upstream_2")));
    assertEquals("resp_upstream_1", turn(h, "{\"model\":\"gpt-5\",\"input\":\"Hello\"}", false).getString("id"));
    String second = "{\"model\":\"gpt-5\",\"previous_response_id\":\"resp_upstream_1\",\"input\":\"And?\",\"n\":1.50}";
    assertEquals("resp_upstream_2", turn(h, second, false).getString("id"));
    h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest r2 = h.upstream(0).takeRequest(5, TimeUnit.SECONDS);
    // The upstream holds the history: the request goes as the client sent it, and the pin never leaves.
    assertEquals(second, r2.getBody().utf8());
    assertEquals(null, r2.getHeaders().get("x-llmrouter-pin-channel"));
  }

  @Test
  void withoutASessionStoreResponsesRequestsPassAsTheyAre() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o);
    h.router.setSnapshot(dev.llmrouter.api.ChannelSnapshot.builder().add(ApiKind.RESPONSES, Channel.builder()
        .id("ch-resp").name("resp").serviceType("responses").baseUrl(h.upstream(0).url("/").toString())
        .apiKeys("sk-openai-1").build()).build());
    h.upstream(0).enqueue(SessionUpstreams.json("{\"id\":\"resp_2\",\"object\":\"response\",\"output\":[]}"));
    String body = "{\"model\":\"m\",\"previous_response_id\":\"resp_elsewhere\",\"input\":\"hi\"}";
    assertEquals("resp_2", turn(h, body, false).getString("id"));
    assertEquals(body, h.upstream(0).takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
  }

  @Test
  void storeFalseKeepsNothing() throws Exception {
    start(SessionUpstreams.CLAUDE);
    h.upstream(0).enqueue(SessionUpstreams.CLAUDE.text(false, "Hi."));
    JsonObject first = turn(h, "{\"model\":\"m\",\"input\":\"Hello\",\"store\":false}", false);
    try (Response r = h.call(h.post("/v1/responses", "{\"model\":\"m\",\"previous_response_id\":\""
        + first.getString("id") + "\",\"input\":\"again\"}").build())) {
      assertEquals(404, r.code());
    }
    assertEquals(1, h.upstream(0).getRequestCount());
  }
}
