package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The requests that Claude Code 2.1.332 and Gemini CLI 0.61.0 really send (recorded, only prompts
 * and paths replaced), through the real server to a channel of each of the four types, streamed and
 * not: each gets 200; what reaches the upstream follows that vendor's documented rules
 * ({@link VendorRules}: tool declarations and schema keywords, roles, alternation, results after
 * calls); the answer is well-formed and the stream passes the client protocol's validator. Gemini
 * CLI's tool round trip runs over every channel type, and the reasoning that a non-Gemini upstream
 * signed comes back to it byte for byte.
 */
class RecordedClientsTest {
  private static final Path CLIENTS = Path.of("src", "test", "resources", "clients");
  private static final List<Protocol> UPSTREAMS = List.of(Protocol.CLAUDE, Protocol.OPENAI_CHAT, Protocol.GEMINI,
      Protocol.RESPONSES);
  private static final String CLAUDE_CODE = "claude-code-2.1.332-first-turn.json";
  private static final String GEMINI_FIRST = "gemini-cli-0.61.0-first-turn.json";
  private static final String GEMINI_TOOL_RESULT = "gemini-cli-0.61.0-tool-result-turn.json";
  /** The signatures in the recorded upstream answers (answers/*-tool.*). */
  private static final String CLAUDE_SIGNATURE = "EqQBCkYIBRgCKkBclaudeSignatureBytes+/==";
  private static final String CLAUDE_THINKING = "The user wants the secret word; I should read the file.";
  private static final String RESPONSES_REASONING = "gAAAAABresponsesEncryptedReasoning==";
  /** Headers a client library sets for its own connection; the test client sets its own. */
  private static final Set<String> TRANSPORT_HEADERS = Set.of("content-type", "content-length", "connection",
      "accept-encoding", "host");

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
  void drainUpstreams() throws InterruptedException {
    h.drain();
  }

  @AfterEach
  void noLeakedConnections() throws InterruptedException {
    h.assertAttemptEndedWithoutLeaks();
  }

  static Stream<Arguments> channels() {
    List<Arguments> out = new ArrayList<>();
    for (Protocol u : UPSTREAMS) {
      out.add(Arguments.of(u, false));
      out.add(Arguments.of(u, true));
    }
    return out.stream();
  }

  // --- Claude Code ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} channel, stream={1}")
  @MethodSource("channels")
  void claudeCodeFirstTurn(Protocol upstream, boolean stream) throws Exception {
    Recorded rec = Recorded.load(CLAUDE_CODE);
    String body = stream ? rec.body() : rec.body().replace("\"stream\":true", "\"stream\":false");
    int i = use(ApiKind.MESSAGES, upstream);
    h.upstream(i).enqueue(answer(upstream, "text", stream));
    try (Response r = h.call(claudeCodeRequest(rec, body))) {
      String got = r.body().string();
      assertEquals(200, r.code(), got);
      if (stream) {
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
        StreamValidators.forProtocol(Protocol.CLAUDE).validate(got.getBytes(StandardCharsets.UTF_8));
        assertTrue(got.contains("SECRET429C71D712"));
      } else {
        JsonObject message = Json.parseObject(got);
        assertEquals("message", message.getString("type"));
        assertEquals("assistant", message.getString("role"));
        assertEquals("end_turn", message.getString("stop_reason"));
        assertEquals("The secret word is SECRET429C71D712.",
            message.getArray("content").get(0).asObject().getString("text"));
      }
    }
    RecordedRequest up = h.upstream(i).takeRequest();
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    if (upstream == Protocol.CLAUDE) {
      // Passthrough: the path with ?beta=true, the client's beta header and body byte for byte.
      assertEquals("/v1/messages?beta=true", up.getTarget());
      assertEquals(rec.headers().get("anthropic-beta"), up.getHeaders().get("anthropic-beta"));
      assertEquals(body, up.getBody().utf8());
    } else {
      assertEquals(Harness.upstreamPath(upstream, "gemini-2.5-flash", stream).replace("gemini-2.5-flash", "claude-sonnet-4-6"), up.getTarget());
    }
    VendorRules.check(upstream, sent);
    // Every one of the 12 tools arrives, as a function of that vendor, but the deferred placeholder
    // (defer_loading: Anthropic shows the model no deferred tool until a tool search loads it).
    Set<String> expected = new LinkedHashSet<>(rec.toolNames());
    if (upstream != Protocol.CLAUDE) expected.remove("DeferredToolPlaceholder");
    assertEquals(expected, toolNames(upstream, sent));
    assertEquals(upstream == Protocol.CLAUDE ? 12 : 11, toolNames(upstream, sent).size());
    // Adaptive thinking at output_config.effort "high" becomes each vendor's high reasoning.
    switch (upstream) {
      case OPENAI_CHAT:
        assertEquals("high", sent.getString("reasoning_effort"));
        break;
      case RESPONSES:
        assertEquals("high", sent.getObject("reasoning").getString("effort"));
        break;
      case GEMINI:
        assertEquals(24576, sent.getObject("generationConfig").getObject("thinkingConfig").getLong("thinkingBudget", 0));
        break;
      default:
        break;
    }
  }

  /**
   * The turn after Claude Code's ToolSearch loaded two of its deferred tools: the search's result
   * holds {@code tool_reference} blocks and the request declares the loaded tools, still deferred.
   * Every channel type answers 200; a channel of another type gets the loaded tools declared and
   * their definitions in the search's result, and not the deferred tools nothing loaded.
   */
  @ParameterizedTest(name = "{0} channel, stream={1}")
  @MethodSource("channels")
  void claudeCodeTurnAfterToolSearch(Protocol upstream, boolean stream) throws Exception {
    Recorded rec = Recorded.load(CLAUDE_CODE);
    JsonObject turn = Json.parseObject(rec.body());
    turn.put("stream", stream);
    turn.getArray("messages").add(Json.parseObject("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"toolu_01Search\",\"name\":\"ToolSearch\",\"input\":{\"query\":\"select:WebFetch\"}}]}"));
    turn.getArray("messages").add(Json.parseObject("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
        + "\"tool_use_id\":\"toolu_01Search\",\"content\":[{\"type\":\"tool_reference\",\"tool_name\":\"WebFetch\"}]}]}"));
    turn.getArray("tools").add(Json.parseObject("{\"name\":\"WebFetch\",\"description\":\"Fetches a URL.\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}},"
        + "\"required\":[\"url\"]},\"defer_loading\":true}"));
    turn.getArray("tools").add(Json.parseObject("{\"name\":\"NotebookEdit\",\"description\":\"Edits a cell.\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{}},\"defer_loading\":true}"));
    String body = Json.writeString(turn);
    int i = use(ApiKind.MESSAGES, upstream);
    h.upstream(i).enqueue(answer(upstream, "text", stream));
    try (Response r = h.call(claudeCodeRequest(rec, body))) {
      String got = r.body().string();
      assertEquals(200, r.code(), got);
      assertTrue(got.contains("SECRET429C71D712"), got);
    }
    RecordedRequest up = h.upstream(i).takeRequest();
    if (upstream == Protocol.CLAUDE) {
      assertEquals(body, up.getBody().utf8());
      return;
    }
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    VendorRules.check(upstream, sent);
    Set<String> names = toolNames(upstream, sent);
    assertTrue(names.contains("WebFetch"), names.toString());
    assertTrue(!names.contains("NotebookEdit") && !names.contains("DeferredToolPlaceholder"), names.toString());
    assertEquals(12, names.size(), names.toString());
    assertTrue(up.getBody().utf8().contains(Json.writeString(dev.llmrouter.api.json.JsonString.of(
        "<functions>\n<function>{\"description\":\"Fetches a URL.\",\"name\":\"WebFetch\",\"parameters\":"
        + "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}},\"required\":[\"url\"]}}"
        + "</function>\n</functions>"))), up.getBody().utf8());
  }

  // --- Gemini CLI -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} channel, stream={1}")
  @MethodSource("channels")
  void geminiCliFirstTurnGetsAFunctionCall(Protocol upstream, boolean stream) throws Exception {
    Recorded rec = Recorded.load(GEMINI_FIRST);
    int i = use(ApiKind.GEMINI, upstream);
    h.upstream(i).enqueue(answer(upstream, "tool", stream));
    JsonObject call = geminiCall(rec, rec.body(), stream);
    assertEquals("read_file", call.getObject("functionCall").getString("name"));
    assertEquals("/home/dev/project", call.getObject("functionCall").getObject("args").getString("file_path"));
    assertNotNull(call.getString("thoughtSignature"), "a function call always carries a thought signature");
    RecordedRequest up = h.upstream(i).takeRequest();
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    assertEquals(Harness.upstreamPath(upstream, "gemini-2.5-flash", stream), up.getTarget());
    if (upstream == Protocol.GEMINI) assertEquals(rec.body(), up.getBody().utf8());
    VendorRules.check(upstream, sent);
    assertEquals(rec.toolNames(), toolNames(upstream, sent));
    assertThinkingAsked(upstream, sent);
  }

  /**
   * Turn 1 answers a function call; turn 2 is the recorded tool-result turn with the signature the
   * client got in turn 1 on its function call (where the upstream gave none, the Gemini CLI sends
   * Gemini's skip value). The upstream's turn-2 request holds the call and its result in order, and
   * Claude's thinking with its signature byte-identical before the tool use.
   */
  @ParameterizedTest(name = "{0} channel, stream={1}")
  @MethodSource("channels")
  void geminiCliToolRoundTrip(Protocol upstream, boolean stream) throws Exception {
    int i = use(ApiKind.GEMINI, upstream);
    Recorded first = Recorded.load(GEMINI_FIRST);
    h.upstream(i).enqueue(answer(upstream, "tool", stream));
    JsonObject call = geminiCall(first, first.body(), stream);
    h.upstream(i).takeRequest();
    assertNotNull(h.outcomes.poll(10, TimeUnit.SECONDS), "turn 1 ended");

    Recorded second = Recorded.load(GEMINI_TOOL_RESULT);
    JsonObject body = Json.parseObject(second.body());
    JsonArray contents = body.getArray("contents");
    JsonObject modelTurn = contents.get(1).asObject();
    JsonObject callPart = modelTurn.getArray("parts").get(1).asObject();
    String signature = call.getString("thoughtSignature");
    if (upstream != Protocol.GEMINI) callPart.put("thoughtSignature", signature);
    String turn2 = Json.writeString(body);
    h.upstream(i).enqueue(answer(upstream, "text", stream));
    String text = geminiText(second, turn2, stream);
    assertEquals("The secret word is SECRET429C71D712.", text);

    RecordedRequest up = h.upstream(i).takeRequest();
    JsonObject sent = Json.parseObject(up.getBody().utf8());
    VendorRules.check(upstream, sent);
    switch (upstream) {
      case GEMINI:
        // Passthrough: the client's signature reaches Gemini untouched.
        assertEquals(turn2, up.getBody().utf8());
        break;
      case CLAUDE: {
        JsonArray messages = sent.getArray("messages");
        JsonObject assistant = messages.get(1).asObject();
        assertEquals("assistant", assistant.getString("role"));
        JsonArray blocks = assistant.getArray("content");
        JsonObject thinking = blocks.get(0).asObject();
        assertEquals("thinking", thinking.getString("type"));
        assertEquals(CLAUDE_THINKING, thinking.getString("thinking"));
        assertEquals(CLAUDE_SIGNATURE, thinking.getString("signature"));
        assertEquals("text", blocks.get(1).asObject().getString("type"));
        JsonObject toolUse = blocks.get(2).asObject();
        assertEquals("tool_use", toolUse.getString("type"));
        assertEquals("read_file", toolUse.getString("name"));
        JsonObject result = messages.get(2).asObject().getArray("content").get(0).asObject();
        assertEquals("tool_result", result.getString("type"));
        assertEquals(toolUse.getString("id"), result.getString("tool_use_id"));
        assertTrue(Json.writeString(result).contains("SECRET429C71D712"));
        // Thinking stays on: the tool-use turn starts with its signed thinking.
        assertEquals("enabled", sent.getObject("thinking").getString("type"));
        assertEquals(null, sent.get("top_k"), "Anthropic allows no top_k with thinking");
        break;
      }
      case OPENAI_CHAT: {
        JsonArray messages = sent.getArray("messages");
        JsonObject assistant = null;
        JsonObject tool = null;
        for (JsonValue m : messages) {
          if ("assistant".equals(m.asObject().getString("role"))) assistant = m.asObject();
          if ("tool".equals(m.asObject().getString("role"))) tool = m.asObject();
        }
        assertNotNull(assistant);
        assertNotNull(tool);
        String id = assistant.getArray("tool_calls").get(0).asObject().getString("id");
        assertEquals(id, tool.getString("tool_call_id"));
        assertTrue(tool.getString("content").contains("SECRET429C71D712"));
        break;
      }
      default: {
        JsonArray input = sent.getArray("input");
        String callId = null;
        int callAt = -1;
        int outputAt = -1;
        for (int k = 0; k < input.size(); k++) {
          JsonObject item = input.get(k).asObject();
          if ("function_call".equals(item.getString("type"))) {
            callId = item.getString("call_id");
            callAt = k;
          }
          if ("function_call_output".equals(item.getString("type"))) {
            assertEquals(callId, item.getString("call_id"));
            outputAt = k;
          }
        }
        assertTrue(callAt >= 0 && outputAt > callAt, "the call, then its output");
        break;
      }
    }
  }

  /**
   * A conversation that moves from a Claude channel to a Gemini channel: the signature that carried
   * Claude's thinking means nothing to Gemini, so it reaches Gemini as the skip value.
   */
  @ParameterizedTest(name = "stream={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void carriedReasoningReachesAGeminiChannelAsTheSkipValue(boolean stream) throws Exception {
    use(ApiKind.GEMINI, Protocol.CLAUDE);
    Recorded first = Recorded.load(GEMINI_FIRST);
    h.upstream(0).enqueue(answer(Protocol.CLAUDE, "tool", stream));
    String signature = geminiCall(first, first.body(), stream).getString("thoughtSignature");
    h.upstream(0).takeRequest();
    assertNotNull(h.outcomes.poll(10, TimeUnit.SECONDS), "turn 1 ended");
    assertTrue(signature.startsWith(dev.llmrouter.providers.internal.GeminiSignatures.CARRIED_PREFIX), signature);

    int i = use(ApiKind.GEMINI, Protocol.GEMINI);
    Recorded second = Recorded.load(GEMINI_TOOL_RESULT);
    JsonObject body = Json.parseObject(second.body());
    JsonObject callPart = body.getArray("contents").get(1).asObject().getArray("parts").get(1).asObject();
    callPart.put("thoughtSignature", signature);
    h.upstream(i).enqueue(answer(Protocol.GEMINI, "text", stream));
    assertEquals("The secret word is SECRET429C71D712.", geminiText(second, Json.writeString(body), stream));
    JsonObject sent = Json.parseObject(h.upstream(i).takeRequest().getBody().utf8());
    callPart.put("thoughtSignature", "skip_thought_signature_validator");
    assertEquals(Json.writeString(body), Json.writeString(sent));
  }

  // ---------------------------------------------------------------------------------------------

  /** Sends a Gemini CLI request and returns the function-call part of the answer. */
  private static JsonObject geminiCall(Recorded rec, String body, boolean stream) throws IOException {
    for (JsonObject part : geminiParts(rec, body, stream)) {
      if (part.getObject("functionCall") != null) return part;
    }
    throw new AssertionError("no functionCall in the answer");
  }

  /** Sends a Gemini CLI request and returns the answer's text (thoughts left out). */
  private static String geminiText(Recorded rec, String body, boolean stream) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JsonObject part : geminiParts(rec, body, stream)) {
      if (part.getString("text") != null && !part.getBoolean("thought", false)) sb.append(part.getString("text"));
    }
    return sb.toString();
  }

  private static List<JsonObject> geminiParts(Recorded rec, String body, boolean stream) throws IOException {
    String path = stream ? rec.path() : rec.path().replace(":streamGenerateContent?alt=sse", ":generateContent");
    Request.Builder req = new Request.Builder().url(h.url(path))
        .post(RequestBody.create(body, MediaType.get("application/json"))).header("x-goog-api-key", Harness.ACCESS_KEY);
    rec.headers().forEach((name, value) -> {
      if (!TRANSPORT_HEADERS.contains(name)) req.header(name, value);
    });
    List<JsonObject> parts = new ArrayList<>();
    try (Response r = h.call(req.build())) {
      String got = r.body().string();
      assertEquals(200, r.code(), got);
      List<JsonObject> chunks = new ArrayList<>();
      if (stream) {
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
        byte[] bytes = got.getBytes(StandardCharsets.UTF_8);
        StreamValidators.forProtocol(Protocol.GEMINI).validate(bytes);
        for (SseEvent e : SseParser.parse(bytes)) chunks.add(Json.parseObject(e.data()));
      } else {
        JsonObject answer = Json.parseObject(got);
        JsonObject candidate = answer.getArray("candidates").get(0).asObject();
        assertNotNull(candidate.getString("finishReason"), "finishReason");
        assertEquals("model", candidate.getObject("content").getString("role"));
        assertTrue(!candidate.getObject("content").getArray("parts").isEmpty(), "parts");
        chunks.add(answer);
      }
      for (JsonObject chunk : chunks) {
        for (JsonValue p : chunk.getArray("candidates").get(0).asObject().getObject("content").getArray("parts")) {
          parts.add(p.asObject());
        }
      }
    }
    return parts;
  }

  /** The client's thinking request reaches each vendor in its own terms. */
  private static void assertThinkingAsked(Protocol upstream, JsonObject sent) {
    switch (upstream) {
      case CLAUDE:
        assertEquals("enabled", sent.getObject("thinking").getString("type"));
        assertEquals(8192, sent.getObject("thinking").getLong("budget_tokens", 0));
        break;
      case GEMINI:
        assertEquals(8192, sent.getObject("generationConfig").getObject("thinkingConfig").getLong("thinkingBudget", 0));
        break;
      case RESPONSES:
        assertNotNull(sent.getObject("reasoning").getString("effort"));
        break;
      default:
        // Chat upstreams get reasoning_effort only when the client chose one (many refuse it).
        break;
    }
  }

  /** The request Claude Code sends: its recorded path and headers, with this body. */
  private static Request claudeCodeRequest(Recorded rec, String body) {
    Request.Builder req = new Request.Builder().url(h.url(rec.path()))
        .post(RequestBody.create(body, MediaType.get("application/json"))).header("x-api-key", Harness.ACCESS_KEY);
    rec.headers().forEach((name, value) -> {
      if (!TRANSPORT_HEADERS.contains(name)) req.header(name, value);
    });
    return req.build();
  }

  private static Set<String> toolNames(Protocol upstream, JsonObject sent) {
    Set<String> names = new LinkedHashSet<>();
    JsonArray tools = sent.getArray("tools");
    if (tools == null) return names;
    for (JsonValue t : tools) {
      JsonObject tool = t.asObject();
      switch (upstream) {
        case GEMINI:
          for (JsonValue d : tool.getArray("functionDeclarations")) names.add(d.asObject().getString("name"));
          break;
        case OPENAI_CHAT:
          names.add(tool.getObject("function").getString("name"));
          break;
        default:
          names.add(tool.getString("name"));
          break;
      }
    }
    return names;
  }

  private static int use(ApiKind kind, Protocol upstream) {
    int i = UPSTREAMS.indexOf(upstream);
    h.use(kind, h.channel(i, upstream.serviceType()).build());
    return i;
  }

  private static MockResponse answer(Protocol upstream, String kind, boolean stream) {
    String file = upstream.serviceType() + "-" + kind + (stream ? ".sse" : ".json");
    String body = read(CLIENTS.resolve("answers").resolve(file));
    return stream
        ? new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(body, 64).build()
        : new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One recorded request: {@code {"client", "method", "path", "headers", "body"}}. */
  record Recorded(String path, Map<String, String> headers, String body, Set<String> toolNames) {
    static Recorded load(String file) {
      JsonObject o = Json.parseObject(read(CLIENTS.resolve(file)));
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      o.getObject("headers").members().forEach((k, v) -> headers.put(k, v.asString()));
      JsonObject body = o.getObject("body");
      Set<String> names = new LinkedHashSet<>();
      for (JsonValue t : body.getArray("tools")) {
        JsonObject tool = t.asObject();
        JsonArray decls = tool.getArray("functionDeclarations");
        if (decls != null) {
          for (JsonValue d : decls) names.add(d.asObject().getString("name"));
        } else {
          names.add(tool.getString("name"));
        }
      }
      return new Recorded(o.getString("path"), headers, Json.writeString(body), names);
    }
  }
}
