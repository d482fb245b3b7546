package dev.llmrouter.convert;

import static dev.llmrouter.convert.Frames.json;
import static dev.llmrouter.convert.Frames.str;
import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.runStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConversionNotes;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.convert.internal.InputUnwrapper;
import dev.llmrouter.convert.internal.ReasoningCarrier;
import dev.llmrouter.convert.validate.StreamValidators;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Responses tool types and items other than functions across conversion: freeform tools, client
 * tool_search, hosted tools left out (and named) or refused when strict, structured output, and the
 * pieces that carry them (input unwrapping, reasoning carriers).
 */
class ResponsesToolsTest {
  private static final String TOOLS = "{\"model\":\"m\",\"input\":\"hi\",\"tools\":["
      + "{\"type\":\"function\",\"name\":\"exec\",\"parameters\":{\"type\":\"object\",\"properties\":{}}},"
      + "{\"type\":\"custom\",\"name\":\"apply_patch\",\"description\":\"Edit files.\",\"format\":{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: \\\"x\\\"\"}},"
      + "{\"type\":\"tool_search\",\"execution\":\"client\",\"description\":\"Find tools.\",\"parameters\":{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}},"
      + "{\"type\":\"web_search\"},{\"type\":\"file_search\",\"vector_store_ids\":[\"vs_1\"]},{\"type\":\"code_interpreter\"}]}";

  private static ConvertContext ctx(boolean nativeCustom) {
    AtomicInteger n = new AtomicInteger();
    return new ConvertContext("client-model", "upstream-model", false, () -> String.format("%04d", n.incrementAndGet()),
        false, false, nativeCustom, false, new ConversionNotes());
  }

  private static JsonObject request(Protocol upstream, String body, ConvertContext ctx) {
    return json(CONVERTER.request(Protocol.RESPONSES, upstream, body.getBytes(StandardCharsets.UTF_8), ctx));
  }

  @Test
  void hostedToolsWithoutCounterpartAreLeftOutAndNamed() {
    ConvertContext c = ctx(true);
    JsonObject claude = request(Protocol.CLAUDE, TOOLS, c);
    assertEquals("web_search_20250305", str(claude, "tools.0.type"));
    assertEquals(4, claude.getArray("tools").size());
    assertEquals(List.of("tools[4] (tool type 'file_search')", "tools[5] (tool type 'code_interpreter')"), c.notes().dropped());
    ConvertContext g = ctx(true);
    JsonObject gemini = request(Protocol.GEMINI, TOOLS, g);
    assertEquals(3, gemini.getArray("tools").get(0).asObject().getArray("functionDeclarations").size());
    assertEquals(3, g.notes().dropped().size());
    // Alone, web_search becomes Google Search.
    ConvertContext only = ctx(true);
    JsonObject search = request(Protocol.GEMINI, "{\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}", only);
    assertEquals("{}", Json.writeString(search.getArray("tools").get(0).asObject().get("googleSearch")));
    assertTrue(only.notes().dropped().isEmpty());
  }

  @Test
  void itemsOfHostedToolsAreLeftOutUnlessStrict() {
    String body = "{\"input\":[{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\"},"
        + "{\"role\":\"user\",\"content\":\"hi\"}]}";
    ConvertContext c = ctx(true);
    JsonObject claude = request(Protocol.CLAUDE, body, c);
    assertEquals(1, claude.getArray("messages").size());
    assertEquals(List.of("input[0] (input item type 'web_search_call')"), c.notes().dropped());
  }

  @Test
  void contentOtherVendorsCannotReadIsLeftOutUnlessStrict() {
    String body = "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"look\"},"
        + "{\"type\":\"input_image\",\"file_id\":\"file_1\"},{\"type\":\"input_audio\",\"input_audio\":{}}]}]}";
    ConvertContext c = ctx(true);
    JsonObject claude = request(Protocol.CLAUDE, body, c);
    assertEquals("look", str(claude, "messages.0.content.0.text"));
    assertEquals(1, claude.getArray("messages").get(0).asObject().getArray("content").size());
    assertEquals(List.of("input[0].content[1] (input_image without image_url)", "input[0].content[2] (content type 'input_audio')"),
        c.notes().dropped());
    assertEquals("input[0].content[1]: input_image without image_url cannot be sent to this channel",
        org.junit.jupiter.api.Assertions.assertThrows(dev.llmrouter.api.error.ClientRequestException.class,
            () -> Converters.standard(true).request(Protocol.RESPONSES, Protocol.GEMINI, body.getBytes(StandardCharsets.UTF_8),
                context(false))).getMessage());
  }

  @Test
  void freeformToolIsAFunctionWithOneStringWhereNotNative() {
    JsonObject claude = request(Protocol.CLAUDE, TOOLS, ctx(true));
    JsonObject patch = claude.getArray("tools").get(2).asObject();
    assertEquals("apply_patch", patch.getString("name"));
    assertEquals("{\"type\":\"object\",\"properties\":{\"input\":{\"type\":\"string\",\"description\":\"The raw input of the tool.\"}},"
        + "\"required\":[\"input\"]}", Json.writeString(patch.get("input_schema")));
    assertTrue(patch.getString("description").startsWith("Edit files.\n\n"));
    assertTrue(patch.getString("description").endsWith("lark grammar:\nstart: \"x\""));
    assertEquals("Find tools.", str(claude, "tools.3.description"));
    assertEquals("string", str(claude, "tools.3.input_schema.properties.query.type"));

    JsonObject chat = request(Protocol.OPENAI_CHAT, TOOLS, ctx(true));
    assertEquals("{\"type\":\"custom\",\"custom\":{\"name\":\"apply_patch\",\"description\":\"Edit files.\",\"format\":"
        + "{\"type\":\"grammar\",\"grammar\":{\"definition\":\"start: \\\"x\\\"\",\"syntax\":\"lark\"}}}}",
        Json.writeString(chat.getArray("tools").get(0)));
    JsonObject relay = request(Protocol.OPENAI_CHAT, TOOLS, ctx(false));
    assertFalse(Json.writeString(relay.get("tools")).contains("\"custom\""));
    JsonObject responses = request(Protocol.RESPONSES, TOOLS, ctx(false));
    assertEquals("function", str(responses, "tools.4.type"));
    assertEquals("apply_patch", str(responses, "tools.4.name"));
    // Hosted tools keep their declaration on a Responses upstream.
    assertEquals("file_search", str(responses, "tools.1.type"));
  }

  @Test
  void customCallsAndOutputsGoUpstreamAsTheCallsAndResultsOfEachProtocol() {
    String body = TOOLS.replace("\"input\":\"hi\"", "\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
        + "{\"type\":\"custom_tool_call\",\"call_id\":\"call_1\",\"name\":\"apply_patch\",\"input\":\"*** Begin Patch\\n\"},"
        + "{\"type\":\"custom_tool_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"},"
        + "{\"type\":\"tool_search_call\",\"call_id\":\"ts_1\",\"execution\":\"client\",\"arguments\":{\"query\":\"cal\"}},"
        + "{\"type\":\"tool_search_output\",\"call_id\":\"ts_1\",\"execution\":\"client\",\"tools\":[{\"type\":\"function\",\"name\":\"cal\"}]}]");
    JsonObject claude = request(Protocol.CLAUDE, body, ctx(true));
    assertEquals("{\"input\":\"*** Begin Patch\\n\"}", Json.writeString(claude.getArray("messages").get(1).asObject()
        .getArray("content").get(0).asObject().get("input")));
    assertEquals("{\"query\":\"cal\"}", Json.writeString(claude.getArray("messages").get(3).asObject()
        .getArray("content").get(0).asObject().get("input")));
    assertEquals("[{\"type\":\"function\",\"name\":\"cal\"}]", str(claude, "messages.4.content.0.content"));
    JsonObject chat = request(Protocol.OPENAI_CHAT, body, ctx(true));
    assertEquals("custom", str(chat, "messages.1.tool_calls.0.type"));
    assertEquals("*** Begin Patch\n", str(chat, "messages.1.tool_calls.0.custom.input"));
    JsonObject responses = request(Protocol.RESPONSES, body, ctx(false));
    assertEquals("function_call", str(responses, "input.1.type"));
    assertEquals("{\"input\":\"*** Begin Patch\\n\"}", str(responses, "input.1.arguments"));
    assertEquals("function_call_output", str(responses, "input.2.type"));
  }

  @Test
  void callsOfClientToolTypesComeBackAsTheirItems() {
    ConvertContext c = ctx(true);
    request(Protocol.CLAUDE, TOOLS, c);
    String claude = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":["
        + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"apply_patch\",\"input\":{\"input\":\"P\\n\"}},"
        + "{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"tool_search\",\"input\":{\"query\":\"cal\"}},"
        + "{\"type\":\"tool_use\",\"id\":\"t3\",\"name\":\"exec\",\"input\":{}}],\"stop_reason\":\"tool_use\","
        + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    JsonObject r = json(CONVERTER.response(Protocol.CLAUDE, Protocol.RESPONSES, claude.getBytes(StandardCharsets.UTF_8), c));
    assertEquals("custom_tool_call", str(r, "output.0.type"));
    assertEquals("P\n", str(r, "output.0.input"));
    assertEquals("t1", str(r, "output.0.call_id"));
    assertEquals("tool_search_call", str(r, "output.1.type"));
    assertEquals("client", str(r, "output.1.execution"));
    assertEquals("cal", str(r, "output.1.arguments.query"));
    assertEquals("function_call", str(r, "output.2.type"));
  }

  @Test
  void streamedFreeformCallGivesCustomToolCallEvents() {
    ConvertContext c = ctx(true);
    request(Protocol.OPENAI_CHAT, TOOLS, c);
    String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":";
    String sse = head + "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"custom\",\"custom\":{\"name\":\"apply_patch\",\"input\":\"a\\\"\"}}]}}]}\n\n"
        + head + "{\"tool_calls\":[{\"index\":0,\"custom\":{\"input\":\"b\\n\"}}]}}]}\n\n"
        + head + "{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
    byte[] out = runStream(CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.RESPONSES, c), sse.getBytes(StandardCharsets.UTF_8));
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(out);
    List<JsonObject> deltas = Frames.ofType(out, "response.custom_tool_call_input.delta");
    assertEquals(List.of("a\"", "b\n"), deltas.stream().map(d -> d.getString("delta")).toList());
    assertEquals("a\"b\n", Frames.ofType(out, "response.custom_tool_call_input.done").get(0).getString("input"));
    assertEquals("a\"b\n", str(Frames.ofType(out, "response.completed").get(0), "response.output.0.input"));
  }

  @Test
  void toolsLoadedByToolSearchAndNamespacesAreDeclaredAndNamedBack() {
    String body = "{\"input\":[{\"role\":\"user\",\"content\":\"book it\"},"
        + "{\"type\":\"tool_search_call\",\"call_id\":\"ts_1\",\"execution\":\"client\",\"arguments\":{\"query\":\"calendar\"}},"
        + "{\"type\":\"tool_search_output\",\"call_id\":\"ts_1\",\"execution\":\"client\",\"status\":\"completed\",\"tools\":["
        + "{\"type\":\"namespace\",\"name\":\"mcp__cal\",\"description\":\"Calendar\",\"tools\":[{\"type\":\"function\","
        + "\"name\":\"create_event\",\"description\":\"Create.\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]},"
        + "{\"type\":\"function\",\"name\":\"list_events\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]},"
        + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"namespace\":\"mcp__cal\",\"name\":\"create_event\",\"arguments\":\"{}\"},"
        + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"ok\"}],"
        + "\"tools\":[{\"type\":\"tool_search\",\"execution\":\"client\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]}";
    ConvertContext c = ctx(true);
    JsonObject claude = request(Protocol.CLAUDE, body, c);
    assertEquals("[\"tool_search\",\"mcp__cal__create_event\",\"list_events\"]", Json.writeString(
        new dev.llmrouter.api.json.JsonArray(claude.getArray("tools").items().stream()
            .map(t -> (dev.llmrouter.api.json.JsonValue) new JsonString(t.asObject().getString("name"))).toList())));
    assertEquals("mcp__cal__create_event", str(claude, "messages.3.content.0.name"));
    assertTrue(c.notes().dropped().isEmpty());
    String answer = "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"mcp__cal__create_event\",\"input\":{}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    JsonObject r = json(CONVERTER.response(Protocol.CLAUDE, Protocol.RESPONSES, answer.getBytes(StandardCharsets.UTF_8), c));
    assertEquals("function_call", str(r, "output.0.type"));
    assertEquals("create_event", str(r, "output.0.name"));
    assertEquals("mcp__cal", str(r, "output.0.namespace"));
  }

  @Test
  void streamedRedactedThinkingBecomesACarriedReasoningItem() {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    byte[] out = runStream(Protocol.CLAUDE, Protocol.RESPONSES, sse.getBytes(StandardCharsets.UTF_8));
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(out);
    JsonObject done = Frames.ofType(out, "response.completed").get(0);
    assertEquals("reasoning", str(done, "response.output.0.type"));
    assertEquals(List.of(new ContentPart.RedactedThinking("opaque")),
        ReasoningCarrier.decode(str(done, "response.output.0.encrypted_content")));
    assertEquals("hi", str(done, "response.output.1.content.0.text"));
  }

  @Test
  void inputUnwrapperFollowsSplitEscapes() {
    InputUnwrapper u = new InputUnwrapper();
    String args = Json.writeString(new JsonObject().put("input", "x\"y\\z\u00e9\n"));
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < args.length(); i++) raw.append(u.feed(args.substring(i, i + 1)));
    assertEquals("x\"y\\z\u00e9\n", raw.toString());
    assertTrue(u.streaming());
    InputUnwrapper other = new InputUnwrapper();
    assertEquals("", other.feed("{\"patch\":\"x\"}"));
    assertFalse(other.streaming());
    InputUnwrapper spaced = new InputUnwrapper();
    assertEquals("u\u0041", spaced.feed(" { \"input\" : \"u\\u0041\" }"));
  }

  @Test
  void reasoningCarrierKeepsThinkingBlocksExactly() {
    ContentPart.Thinking th = new ContentPart.Thinking("plan", "sig/+==");
    assertEquals(List.of(th), ReasoningCarrier.decode(ReasoningCarrier.encode(th)));
    ContentPart.RedactedThinking r = new ContentPart.RedactedThinking("opaque");
    assertEquals(List.of(r), ReasoningCarrier.decode(ReasoningCarrier.encode(r)));
    assertEquals("gsig", ReasoningCarrier.isCallSignature(ReasoningCarrier.decode(ReasoningCarrier.callSignature("gsig")).get(0)));
    assertNull(ReasoningCarrier.decode("gAAAAABopenai"));
    assertNull(ReasoningCarrier.encode(new ContentPart.Thinking("no signature", null)));
  }

  @Test
  void redactedThinkingAndSignaturesGoBackToClaudeInPlace() {
    String thinking = ReasoningCarrier.encode(new ContentPart.Thinking("plan", "sig"));
    String redacted = ReasoningCarrier.encode(new ContentPart.RedactedThinking("opaque"));
    String body = "{\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
        + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"edited summary\"}],\"encrypted_content\":" + q(thinking) + "},"
        + "{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":" + q(redacted) + "},"
        + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"exec\",\"arguments\":\"{}\"},"
        + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"ok\"}]}";
    JsonObject claude = request(Protocol.CLAUDE, body, ctx(true));
    assertEquals("[{\"type\":\"thinking\",\"thinking\":\"plan\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"opaque\"},"
        + "{\"type\":\"tool_use\",\"id\":\"c1\",\"name\":\"exec\",\"input\":{}}]",
        Json.writeString(claude.getArray("messages").get(1).asObject().get("content")));
  }

  @Test
  void structuredOutputMapsToEachVendorsFeature() {
    String body = "{\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"answer\",\"strict\":true,"
        + "\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"],\"additionalProperties\":false}}},"
        + "\"reasoning\":{\"effort\":\"high\"}}";
    JsonObject chat = request(Protocol.OPENAI_CHAT, body, ctx(true));
    assertEquals("json_schema", str(chat, "response_format.type"));
    assertEquals("answer", str(chat, "response_format.json_schema.name"));
    assertEquals("true", str(chat, "response_format.json_schema.strict"));
    JsonObject gemini = request(Protocol.GEMINI, body, ctx(true));
    assertEquals("application/json", str(gemini, "generationConfig.responseMimeType"));
    assertEquals("integer", str(gemini, "generationConfig.responseSchema.properties.n.type").toLowerCase(java.util.Locale.ROOT));
    ConvertContext c = ctx(true);
    JsonObject claude = request(Protocol.CLAUDE, body, c);
    assertEquals("structured_output", str(claude, "tools.0.name"));
    assertEquals("{\"type\":\"tool\",\"name\":\"structured_output\"}", Json.writeString(claude.get("tool_choice")));
    assertNull(claude.get("thinking"), "a forced tool cannot think");
    String answer = "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"structured_output\",\"input\":{\"n\":4}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    JsonObject r = json(CONVERTER.response(Protocol.CLAUDE, Protocol.RESPONSES, answer.getBytes(StandardCharsets.UTF_8), c));
    assertEquals("message", str(r, "output.0.type"));
    assertEquals("{\"n\":4}", str(r, "output.0.content.0.text"));
    assertEquals("completed", str(r, "status"));
    JsonObject responses = request(Protocol.RESPONSES, body.replace("\"input\":\"hi\"", "\"input\":\"hi\""), ctx(false));
    assertEquals("answer", str(responses, "text.format.name"));
  }

  @Test
  void streamedAnswerToolBecomesText() {
    ConvertContext c = ctx(true);
    request(Protocol.CLAUDE, "{\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_object\"}}}", c);
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"structured_output\",\"input\":{}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"n\\\":\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"4}\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":2}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    byte[] out = runStream(CONVERTER.stream(Protocol.CLAUDE, Protocol.RESPONSES, c), sse.getBytes(StandardCharsets.UTF_8));
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(out);
    JsonObject done = Frames.ofType(out, "response.completed").get(0);
    assertEquals("message", str(done, "response.output.0.type"));
    assertEquals("{\"n\":4}", str(done, "response.output.0.content.0.text"));
  }

  @Test
  void strictConverterRefusesWhatIsLeftOutOtherwise() {
    dev.llmrouter.api.error.ClientRequestException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.llmrouter.api.error.ClientRequestException.class,
        () -> Converters.standard(true).request(Protocol.RESPONSES, Protocol.OPENAI_CHAT, TOOLS.getBytes(StandardCharsets.UTF_8), context(false)));
    assertEquals("tools[3]: tool type 'web_search' cannot be sent to this channel", e.getMessage());
  }

  private static String q(String s) {
    return Json.writeString(new JsonString(s));
  }
}
