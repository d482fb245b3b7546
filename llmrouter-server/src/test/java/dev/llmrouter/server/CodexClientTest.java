package dev.llmrouter.server;

import static dev.llmrouter.server.CodexUpstreams.CLAUDE_SIGNATURE;
import static dev.llmrouter.server.CodexUpstreams.GEMINI_SIGNATURE;
import static dev.llmrouter.server.CodexUpstreams.PATCH;
import static dev.llmrouter.server.CodexUpstreams.THINKING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import dev.llmrouter.convert.validate.StreamValidators;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codex CLI 0.171.0's recorded requests through the real server to each of the four channel types,
 * streamed and not: every one gets 200, the upstream request keeps to what its vendor documents, the
 * answer comes back in the shapes Codex expects (the freeform {@code apply_patch} call as a
 * {@code custom_tool_call} with its raw patch) and every stream passes the Responses validator. Then
 * the next turn: the reasoning item, the call and its output go back upstream in order, thinking
 * signatures byte for byte; and a three-turn conversation on Claude keeps its cached prefixes.
 */
class CodexClientTest {
  private static final List<Protocol> UPSTREAMS = List.of(Protocol.CLAUDE, Protocol.OPENAI_CHAT, Protocol.GEMINI,
      Protocol.RESPONSES);
  private static final String FIRST = "codex-0.171.0-first-turn.json";
  private static final String TOOL_RESULT = "codex-0.171.0-tool-result-turn.json";

  private static Harness h;

  @BeforeAll
  static void start() throws IOException {
    h = Harness.create(4, b -> b, Timeouts.DEFAULT, o -> o);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @BeforeEach
  void drain() throws InterruptedException {
    h.drain();
  }

  @AfterEach
  void noLeaks() {
    h.assertNoLeakedConnections();
  }

  static Stream<Arguments> fixturesByChannel() {
    List<Arguments> out = new ArrayList<>();
    for (String f : List.of(FIRST, TOOL_RESULT)) {
      for (Protocol u : UPSTREAMS) {
        for (boolean stream : new boolean[] {false, true}) out.add(Arguments.of(f, u, stream));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> channels() {
    List<Arguments> out = new ArrayList<>();
    for (Protocol u : UPSTREAMS) {
      for (boolean stream : new boolean[] {false, true}) out.add(Arguments.of(u, stream));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} to a {1} channel, stream {2}")
  @MethodSource("fixturesByChannel")
  void recordedRequestWorksOnEveryChannelType(String fixture, Protocol upstream, boolean stream) throws Exception {
    int i = use(upstream, true);
    JsonObject body = fixture(fixture, stream);
    h.upstream(i).enqueue(CodexUpstreams.patchCall(upstream, stream, 1));
    JsonObject answer;
    String dropped;
    try (Response r = h.call(h.post("/v1/responses", Json.writeString(body)).build())) {
      String text = r.body().string();
      assertEquals(200, r.code(), text);
      dropped = r.header("x-llmrouter-dropped");
      answer = answer(text, stream);
    }
    RecordedRequest up = h.upstream(i).takeRequest();
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    assertEquals(Harness.upstreamPath(upstream, "upstream", stream), up.getTarget());
    if (upstream == Protocol.RESPONSES) {
      // Same protocol: the client's bytes with only the model rewritten.
      assertEquals(Json.writeString(body).replace("\"gpt-5.5\"", "\"upstream\""), up.getBody().utf8());
      assertNull(dropped);
    } else {
      VendorRules.check(upstream, sent);
      CodexExpectations.assertToolsDeclared(upstream, sent, true);
      if (upstream == Protocol.CLAUDE && fixture.equals(TOOL_RESULT)) {
        // The recorded tool-use turn holds no reasoning Claude can read, and Anthropic refuses a
        // tool-use turn without its thinking block while thinking is on: this turn goes without.
        assertNull(sent.get("thinking"), sent.toString());
      } else {
        CodexExpectations.assertReasoning(upstream, sent);
      }
      // web_search maps to Claude's server tool; Chat and Gemini (with functions) have none.
      if (upstream == Protocol.CLAUDE) assertNull(dropped);
      else assertEquals("tools[9] (tool type 'web_search')", dropped);
    }
    if (upstream == Protocol.CLAUDE) {
      assertEquals(body.getString("prompt_cache_key"), sent.getObject("metadata").getString("user_id"), "prompt_cache_key is the user id");
    }
    JsonObject call = item(answer, "custom_tool_call");
    assertEquals("apply_patch", call.getString("name"));
    assertEquals(PATCH, call.getString("input"));
    assertNotNull(call.getString("call_id"));
    assertEquals(1000, answer.getObject("usage").getObject("input_tokens_details").getLong("cached_tokens", -1));
  }

  @ParameterizedTest(name = "two turns on a {0} channel, stream {1}")
  @MethodSource("channels")
  void secondTurnSendsReasoningCallAndOutputBackInOrder(Protocol upstream, boolean stream) throws Exception {
    int i = use(upstream, true);
    JsonObject turn1 = fixture(FIRST, stream);
    h.upstream(i).enqueue(CodexUpstreams.patchCall(upstream, stream, 1));
    JsonObject answer = send(turn1, stream);
    h.upstream(i).takeRequest();
    JsonObject call = item(answer, "custom_tool_call");

    JsonObject turn2 = next(turn1, answer, call.getString("call_id"), "Done!");
    h.upstream(i).enqueue(CodexUpstreams.text(upstream, "The file is there."));
    JsonObject turn2Answer = send(turn2.put("stream", false), false);
    assertEquals("The file is there.", item(turn2Answer, "message").getArray("content").get(0).asObject().getString("text"));
    JsonObject sent = Json.parseObject(h.upstream(i).takeRequest().getBody().utf8());
    VendorRules.check(upstream, sent);
    switch (upstream) {
      case CLAUDE: {
        JsonArray messages = sent.getArray("messages");
        JsonObject assistant = messages.get(messages.size() - 2).asObject();
        JsonArray blocks = assistant.getArray("content");
        assertEquals("thinking", blocks.get(0).asObject().getString("type"));
        assertEquals(THINKING, blocks.get(0).asObject().getString("thinking"));
        assertEquals(CLAUDE_SIGNATURE, blocks.get(0).asObject().getString("signature"), "signature byte for byte");
        JsonObject use = blocks.get(1).asObject();
        assertEquals("tool_use", use.getString("type"));
        assertEquals("toolu_01", use.getString("id"));
        assertEquals(PATCH, use.getObject("input").getString("input"));
        JsonObject result = messages.get(messages.size() - 1).asObject().getArray("content").get(0).asObject();
        assertEquals("tool_result", result.getString("type"));
        assertEquals("toolu_01", result.getString("tool_use_id"));
        assertEquals("Done!", result.getString("content"));
        break;
      }
      case GEMINI: {
        JsonArray contents = sent.getArray("contents");
        JsonArray parts = contents.get(contents.size() - 2).asObject().getArray("parts");
        assertTrue(parts.get(0).asObject().getBoolean("thought", false));
        assertEquals(THINKING, parts.get(0).asObject().getString("text"));
        JsonObject fc = parts.get(1).asObject();
        assertEquals("apply_patch", fc.getObject("functionCall").getString("name"));
        assertEquals(PATCH, fc.getObject("functionCall").getObject("args").getString("input"));
        assertEquals(GEMINI_SIGNATURE, fc.getString("thoughtSignature"), "thought signature byte for byte");
        JsonObject fr = contents.get(contents.size() - 1).asObject().getArray("parts").get(0).asObject().getObject("functionResponse");
        assertEquals("apply_patch", fr.getString("name"));
        assertTrue(Json.writeString(fr.getObject("response")).contains("Done!"));
        break;
      }
      case OPENAI_CHAT: {
        JsonArray messages = sent.getArray("messages");
        JsonObject assistant = messages.get(messages.size() - 2).asObject();
        JsonObject tc = assistant.getArray("tool_calls").get(0).asObject();
        assertEquals("custom", tc.getString("type"));
        assertEquals("call_01", tc.getString("id"));
        assertEquals(PATCH, tc.getObject("custom").getString("input"));
        JsonObject tool = messages.get(messages.size() - 1).asObject();
        assertEquals("tool", tool.getString("role"));
        assertEquals("call_01", tool.getString("tool_call_id"));
        assertEquals("Done!", tool.getString("content"));
        break;
      }
      default: {
        JsonArray input = sent.getArray("input");
        int n = input.size();
        assertEquals("reasoning", input.get(n - 3).asObject().getString("type"));
        assertEquals(CodexUpstreams.OPENAI_ENCRYPTED, input.get(n - 3).asObject().getString("encrypted_content"));
        assertEquals("custom_tool_call", input.get(n - 2).asObject().getString("type"));
        assertEquals("custom_tool_call_output", input.get(n - 1).asObject().getString("type"));
        break;
      }
    }
  }

  /** Relays that drop freeform tools ("customTools": false) get apply_patch as a function, and Codex still gets its call. */
  @ParameterizedTest(name = "customTools false on a {0} channel, stream {1}")
  @MethodSource("relayChannels")
  void relaysWithoutCustomToolsGetAFunction(Protocol upstream, boolean stream) throws Exception {
    int i = use(upstream, false);
    String args = Json.writeString(new JsonObject().put("input", PATCH));
    MockResponse answer = upstream == Protocol.OPENAI_CHAT
        ? json("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"upstream\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_7\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"apply_patch\",\"arguments\":" + Json.writeString(new dev.llmrouter.api.json.JsonString(args)) + "}}]},"
            + "\"finish_reason\":\"tool_calls\"}]}")
        : json("{\"id\":\"resp_7\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\",\"model\":\"upstream\",\"output\":["
            + "{\"id\":\"fc_7\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_7\",\"name\":\"apply_patch\","
            + "\"arguments\":" + Json.writeString(new dev.llmrouter.api.json.JsonString(args)) + "}]}");
    h.upstream(i).enqueue(answer);
    JsonObject got = send(fixture(FIRST, false), false);
    JsonObject sent = Json.parseObject(h.upstream(i).takeRequest().getBody().utf8());
    CodexExpectations.assertToolsDeclared(upstream, sent, false);
    JsonObject call = item(got, "custom_tool_call");
    assertEquals(PATCH, call.getString("input"));
    assertEquals("call_7", call.getString("call_id"));
  }

  static Stream<Arguments> relayChannels() {
    return Stream.of(Arguments.of(Protocol.OPENAI_CHAT, false), Arguments.of(Protocol.RESPONSES, false));
  }

  /** Turn 3's cached prefixes are turn 2's, byte for byte; cache reads reach Codex's usage. */
  @Test
  void threeTurnsOnClaudeKeepTheirCachedPrefixes() throws Exception {
    int i = use(Protocol.CLAUDE, true);
    JsonObject turn1 = fixture(FIRST, false);
    h.upstream(i).enqueue(CodexUpstreams.patchCall(Protocol.CLAUDE, false, 1));
    JsonObject a1 = send(turn1, false);
    JsonObject sent1 = Json.parseObject(h.upstream(i).takeRequest().getBody().utf8());
    JsonObject turn2 = next(turn1, a1, item(a1, "custom_tool_call").getString("call_id"), "Done!");
    h.upstream(i).enqueue(CodexUpstreams.patchCall(Protocol.CLAUDE, false, 2));
    JsonObject a2 = send(turn2, false);
    JsonObject sent2 = Json.parseObject(h.upstream(i).takeRequest().getBody().utf8());
    JsonObject turn3 = next(turn2, a2, item(a2, "custom_tool_call").getString("call_id"), "Done again!");
    h.upstream(i).enqueue(CodexUpstreams.text(Protocol.CLAUDE, "All done."));
    JsonObject a3 = send(turn3, false);
    JsonObject sent3 = Json.parseObject(h.upstream(i).takeRequest().getBody().utf8());
    for (JsonObject s : List.of(sent1, sent2, sent3)) VendorRules.claude(s);

    List<int[]> breakpoints = ClaudeCachePrefixes.breakpoints(sent3);
    assertEquals(4, VendorRules.countCacheControl(sent3), "tools, system, previous turn, newest turn");
    int within = 0;
    for (int[] b : breakpoints) {
      if (b[0] >= sent2.getArray("messages").size()) continue;
      within++;
      assertEquals(ClaudeCachePrefixes.prefix(sent2, b), ClaudeCachePrefixes.prefix(sent3, b), "turn 3 up to breakpoint " + b[0] + "/" + b[1] + " is turn 2's");
      assertTrue(ClaudeCachePrefixes.breakpoints(sent2).stream().anyMatch(x -> x[0] == b[0] && x[1] == b[1]),
          "turn 2 wrote a cache entry at " + b[0] + "/" + b[1]);
    }
    assertEquals(3, within, "the tools, system and previous-turn breakpoints lie in turn 2");
    assertEquals(Json.writeString(sent2.get("tools")), Json.writeString(sent3.get("tools")));
    assertEquals(Json.writeString(sent2.get("system")), Json.writeString(sent3.get("system")));
    JsonObject usage = a3.getObject("usage");
    assertEquals(2000, usage.getObject("input_tokens_details").getLong("cached_tokens", -1));
    assertEquals(2310, usage.getLong("input_tokens", -1));
  }

  // --- helpers

  /** Uses one channel of this type for Responses clients; model gpt-5.5 maps to upstream. */
  private static int use(Protocol upstream, boolean customTools) {
    int i = UPSTREAMS.indexOf(upstream);
    Channel c = h.channel(i, upstream.serviceType()).modelMapping(Map.of("gpt-5.5", "upstream")).customTools(customTools).build();
    h.use(ApiKind.RESPONSES, c);
    return i;
  }

  private static JsonObject fixture(String name, boolean stream) {
    try (InputStream in = CodexClientTest.class.getResourceAsStream("/clients/" + name)) {
      JsonObject body = Json.parseObject(in.readAllBytes()).getObject("body");
      return body.put("stream", stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject send(JsonObject body, boolean stream) throws IOException {
    try (Response r = h.call(h.post("/v1/responses", Json.writeString(body)).build())) {
      String text = r.body().string();
      assertEquals(200, r.code(), text);
      return answer(text, stream);
    }
  }

  /** The response object; a stream must pass the Responses validator and its output deltas add up. */
  private static JsonObject answer(String text, boolean stream) {
    if (!stream) return Json.parseObject(text);
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(bytes);
    List<SseEvent> events = SseParser.parse(bytes);
    StringBuilder input = new StringBuilder();
    String done = null;
    for (SseEvent e : events) {
      JsonObject data = Json.parseObject(e.data());
      if ("response.custom_tool_call_input.delta".equals(e.event())) input.append(data.getString("delta"));
      if ("response.custom_tool_call_input.done".equals(e.event())) done = data.getString("input");
    }
    assertEquals(PATCH, input.toString(), "the input deltas add up to the patch");
    assertEquals(PATCH, done);
    JsonObject last = Json.parseObject(events.get(events.size() - 1).data());
    assertEquals("response.completed", last.getString("type"));
    return last.getObject("response");
  }

  /** The next Codex request: the conversation so far, the answer's items, and the call's output. */
  private static JsonObject next(JsonObject previous, JsonObject answer, String callId, String output) {
    JsonObject body = previous.copy();
    JsonArray input = body.getArray("input");
    for (JsonValue v : answer.getArray("output")) input.add(v.copy());
    input.add(new JsonObject().put("type", "custom_tool_call_output").put("call_id", callId).put("output", output));
    return body;
  }

  private static JsonObject item(JsonObject response, String type) {
    for (JsonValue v : response.getArray("output")) {
      if (type.equals(v.asObject().getString("type"))) return v.asObject();
    }
    throw new AssertionError("no " + type + " item in " + Json.writeString(response));
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }
}
