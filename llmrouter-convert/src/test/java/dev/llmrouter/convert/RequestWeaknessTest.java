package dev.llmrouter.convert;

import static dev.llmrouter.convert.Frames.at;
import static dev.llmrouter.convert.Frames.json;
import static dev.llmrouter.convert.Frames.str;
import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.convert.internal.ReasoningCarrier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The request and answer weaknesses of the original (spec section 8, items 21 to 25) done right:
 * each test is named after the behaviour it pins down.
 */
class RequestWeaknessTest {
  private static JsonObject request(Protocol from, Protocol to, String fixture) {
    return json(CONVERTER.request(from, to, fixture("fixtures/" + from.serviceType() + "/" + fixture), context(false)));
  }

  private static JsonObject response(Protocol from, Protocol to, String fixture) {
    return json(CONVERTER.response(from, to, fixture("fixtures/" + from.serviceType() + "/" + fixture), context(false)));
  }

  private static JsonObject request(Protocol from, Protocol to, String body, ConvertContext ctx) {
    return json(CONVERTER.request(from, to, body.getBytes(StandardCharsets.UTF_8), ctx));
  }

  // 21: Responses conversion

  @Test
  void responsesInputKeepsRolesFunctionCallsAndOutputs() {
    JsonObject claude = request(Protocol.RESPONSES, Protocol.CLAUDE, "request_items.json");
    assertEquals("user", str(claude, "messages.0.role"));
    assertEquals("assistant", str(claude, "messages.1.role"));
    assertEquals("Filing it now.", str(claude, "messages.1.content.0.text"));
    assertEquals("tool_use", str(claude, "messages.1.content.1.type"));
    assertEquals("call_abc123", str(claude, "messages.1.content.1.id"));
    assertEquals("tool_result", str(claude, "messages.2.content.0.type"));
    assertEquals("call_abc123", str(claude, "messages.2.content.0.tool_use_id"));
    assertEquals("You file tickets.", str(claude, "system.0.text"));
    assertEquals("Always confirm.", str(claude, "system.1.text"));
  }

  @Test
  void responsesRequestToClaudeGetsMaxTokensToolsAndToolChoice() {
    JsonObject withMax = request(Protocol.RESPONSES, Protocol.CLAUDE, "request_text.json");
    assertEquals("1024", str(withMax, "max_tokens"));
    JsonObject withoutMax = request(Protocol.RESPONSES, Protocol.CLAUDE, "request_items.json");
    assertEquals("8192", str(withoutMax, "max_tokens"));
    assertEquals("create_ticket", str(withoutMax, "tools.0.name"));
    assertEquals("{\"type\":\"tool\",\"name\":\"create_ticket\",\"disable_parallel_tool_use\":true}", str(withoutMax, "tool_choice"));
  }

  @Test
  void responsesToChatKeepsMaxOutputTokensReasoningAndToolChoice() {
    JsonObject chat = request(Protocol.RESPONSES, Protocol.OPENAI_CHAT, "request_text.json");
    assertEquals("1024", str(chat, "max_completion_tokens"));
    assertEquals("low", str(chat, "reasoning_effort"));
    assertEquals("0", str(chat, "temperature"));
    JsonObject items = request(Protocol.RESPONSES, Protocol.OPENAI_CHAT, "request_items.json");
    assertEquals("{\"type\":\"function\",\"function\":{\"name\":\"create_ticket\"}}", str(items, "tool_choice"));
    assertEquals("developer", str(items, "messages.1.role"));
  }

  @Test
  void previousResponseIdDoesNotFailConversion() {
    JsonObject claude = request(Protocol.RESPONSES, Protocol.CLAUDE, "request_text.json");
    assertNull(claude.get("previous_response_id"));
    // The one user turn is a block list now: it carries the cache breakpoint of the newest turn.
    assertEquals("Say hello.", str(claude, "messages.0.content.0.text"));
  }

  @Test
  void responsesOutputItemsUseStandardShapes() {
    JsonObject r = response(Protocol.OPENAI_CHAT, Protocol.RESPONSES, "response_tool_calls.json");
    assertEquals("response", str(r, "object"));
    assertEquals("function_call", str(r, "output.0.type"));
    assertEquals("call_abc123", str(r, "output.0.call_id"));
    assertEquals("get_weather", str(r, "output.0.name"));
    assertEquals("{\n\"city\": \"Paris\"\n}", str(r, "output.0.arguments"));
    JsonObject text = response(Protocol.CLAUDE, Protocol.RESPONSES, "response_text.json");
    assertEquals("message", str(text, "output.0.type"));
    assertEquals("output_text", str(text, "output.0.content.0.type"));
    assertEquals("Hello!", str(text, "output.0.content.0.text"));
  }

  @Test
  void everyConvertedResponseGetsAFreshUniqueId() {
    ConvertContext random = new ConvertContext("m", "m", false, () -> UUID.randomUUID().toString().replace("-", ""), false, false);
    byte[] body = fixture("fixtures/claude/response_text.json");
    String first = str(json(CONVERTER.response(Protocol.CLAUDE, Protocol.RESPONSES, body, random)), "id");
    String second = str(json(CONVERTER.response(Protocol.CLAUDE, Protocol.RESPONSES, body, random)), "id");
    assertTrue(first.startsWith("resp_"), first);
    assertNotEquals("resp_0", first);
    assertNotEquals(first, second);
    String claudeId = str(json(CONVERTER.response(Protocol.OPENAI_CHAT, Protocol.CLAUDE,
        fixture("fixtures/openai/response_text.json"), random)), "id");
    assertTrue(claudeId.startsWith("msg_") && claudeId.length() > 10, claudeId);
  }

  @Test
  void tokenLimitGivesIncompleteResponseStatus() {
    JsonObject r = response(Protocol.CLAUDE, Protocol.RESPONSES, "response_max_tokens_cache.json");
    assertEquals("incomplete", str(r, "status"));
    assertEquals("max_output_tokens", str(r, "incomplete_details.reason"));
    assertEquals("4225", str(r, "usage.input_tokens"));
    assertEquals("3000", str(r, "usage.input_tokens_details.cached_tokens"));
  }

  // 22: answers keep what the upstream said

  @Test
  void convertedAnswersKeepModelStopSequenceThinkingSignatureAndZeroUsage() {
    JsonObject claude = response(Protocol.OPENAI_CHAT, Protocol.CLAUDE, "response_text.json");
    assertEquals("client-model", str(claude, "model"));
    assertTrue(claude.get("stop_sequence").isNull());
    assertEquals("0", str(claude, "usage.cache_read_input_tokens"));
    JsonObject responses = response(Protocol.CLAUDE, Protocol.RESPONSES, "response_thinking.json");
    // The encrypted content carries Anthropic's thinking block whole, signature included.
    assertEquals(List.of(new ContentPart.Thinking("The user wants 2+2. That is 4.",
        "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL==")),
        ReasoningCarrier.decode(str(responses, "output.0.encrypted_content")));
    JsonObject chat = response(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "response_thinking.json");
    assertEquals("The user wants 2+2. That is 4.", str(chat, "choices.0.message.reasoning_content"));
  }

  // 23: Gemini conversions

  @Test
  void geminiFunctionResponseNameComesFromTheMatchingCall() {
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, "request_tool_result.json");
    assertEquals("create_ticket", str(gemini, "contents.2.parts.0.functionResponse.name"));
    assertEquals("{\"output\":\"Ticket T-7 created\"}", str(gemini, "contents.2.parts.0.functionResponse.response"));
  }

  @Test
  void geminiCallsGetUniqueIdsThatPairWithTheirResults() {
    JsonObject claude = request(Protocol.GEMINI, Protocol.CLAUDE, "request_tool_result.json");
    String paris = str(claude, "messages.1.content.0.id");
    String rome = str(claude, "messages.1.content.1.id");
    assertNotEquals(paris, rome);
    assertEquals(paris, str(claude, "messages.2.content.0.tool_use_id"));
    assertEquals(rome, str(claude, "messages.2.content.1.tool_use_id"));
    assertEquals("18C, cloudy", str(claude, "messages.2.content.0.content"));
    assertEquals("{\"temperature\":24,\"sky\":\"clear\"}", str(claude, "messages.2.content.1.content"));
  }

  @Test
  void everyFunctionResponseOfAContentReachesChat() {
    JsonObject chat = request(Protocol.GEMINI, Protocol.OPENAI_CHAT, "request_tool_result.json");
    assertEquals("tool", str(chat, "messages.2.role"));
    assertEquals("tool", str(chat, "messages.3.role"));
    assertEquals(str(chat, "messages.1.tool_calls.0.id"), str(chat, "messages.2.tool_call_id"));
    assertEquals(str(chat, "messages.1.tool_calls.1.id"), str(chat, "messages.3.tool_call_id"));
  }

  @Test
  void toolResultWithoutAMatchingCallIsAClientError() {
    String body = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"ok\"}]}]}";
    dev.llmrouter.api.error.ClientRequestException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.llmrouter.api.error.ClientRequestException.class, () -> request(Protocol.CLAUDE, Protocol.GEMINI, body, context(false)));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("toolu_x"), e.getMessage());
  }

  @Test
  void imagesReachGeminiAndChat() {
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, "request_image.json");
    assertEquals("image/png", str(gemini, "contents.0.parts.0.inlineData.mimeType"));
    assertEquals("https://example.com/cat.jpg", str(gemini, "contents.0.parts.1.fileData.fileUri"));
    assertEquals("application/pdf", str(gemini, "contents.0.parts.2.inlineData.mimeType"));
    JsonObject chat = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "request_image.json");
    assertTrue(str(chat, "messages.0.content.0.image_url.url").startsWith("data:image/png;base64,iVBOR"));
    assertEquals("https://example.com/cat.jpg", str(chat, "messages.0.content.1.image_url.url"));
    assertEquals("file", str(chat, "messages.0.content.2.type"));
    JsonObject claude = request(Protocol.GEMINI, Protocol.CLAUDE, "request_image.json");
    assertEquals("base64", str(claude, "messages.0.content.0.source.type"));
    assertEquals("url", str(claude, "messages.0.content.1.source.type"));
  }

  // 24: schema cleaning walks the structure

  @Test
  void propertyNamedTitleSurvivesGeminiSchemaCleaning() {
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, "request_tool_result.json");
    JsonObject params = at(gemini, "tools.0.functionDeclarations.0.parameters").asObject();
    assertEquals("Ticket title", str(params, "properties.title.description"));
    assertEquals("Extra fields", str(params, "properties.additionalProperties.description"));
    assertNull(params.get("additionalProperties"));
    assertNull(params.get("$schema"));
    assertNull(at(params, "properties.additionalProperties.additionalProperties"));
    assertEquals("[\"title\",\"priority\"]", str(params, "required"));
  }

  // 25: Claude to OpenAI

  @Test
  void claudeToolChoiceReachesChat() {
    JsonObject named = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "request_tool_result.json");
    assertEquals("{\"type\":\"function\",\"function\":{\"name\":\"create_ticket\"}}", str(named, "tool_choice"));
    JsonObject any = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "request_tool_error.json");
    assertEquals("required", str(any, "tool_choice"));
    assertEquals("false", str(any, "parallel_tool_calls"));
  }

  @Test
  void topPStopSequencesUserAndZeroTemperatureReachChat() {
    JsonObject chat = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "request_text.json");
    assertEquals("0", str(chat, "temperature"));
    assertEquals("0.9", str(chat, "top_p"));
    assertEquals("[\"END\"]", str(chat, "stop"));
    assertEquals("user-42", str(chat, "user"));
    assertEquals("1024", str(chat, "max_completion_tokens"));
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, "request_text.json");
    assertEquals("0", str(gemini, "generationConfig.temperature"));
    assertEquals("40", str(gemini, "generationConfig.topK"));
  }

  @Test
  void noTokenLimitIsInventedForChat() {
    JsonObject chat = request(Protocol.RESPONSES, Protocol.OPENAI_CHAT, "request_image.json");
    assertNull(chat.get("max_completion_tokens"));
    assertNull(chat.get("max_tokens"));
  }

  @Test
  void streamedChatRequestAsksForUsage() {
    JsonObject chat = json(CONVERTER.request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, fixture("fixtures/claude/request_text.json"), context(true)));
    assertEquals("true", str(chat, "stream"));
    assertEquals("true", str(chat, "stream_options.include_usage"));
    JsonObject claude = json(CONVERTER.request(Protocol.RESPONSES, Protocol.CLAUDE, fixture("fixtures/responses/request_text.json"), context(true)));
    assertEquals("true", str(claude, "stream"));
    JsonObject gemini = json(CONVERTER.request(Protocol.CLAUDE, Protocol.GEMINI, fixture("fixtures/claude/request_text.json"), context(true)));
    assertNull(gemini.get("stream"));
    assertNull(gemini.get("model"));
  }

  @Test
  void arrayToolResultsAreSentAsTheirText() {
    JsonObject chat = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "request_tool_result.json");
    assertEquals("Ticket T-7 created", str(chat, "messages.3.content"));
  }

  @Test
  void toolErrorsReachGeminiAsErrorResponses() {
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, "request_tool_error.json");
    assertEquals("{\"error\":\"permission denied\"}", str(gemini, "contents.2.parts.0.functionResponse.response"));
    assertEquals("{\"output\":\"/home\"}", str(gemini, "contents.2.parts.1.functionResponse.response"));
  }

  @Test
  void anthropicThinkingBudgetIsNotTurnedIntoAChatReasoningEffort() {
    JsonObject chat = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "request_thinking.json");
    assertNull(chat.get("reasoning_effort"));
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, "request_thinking.json");
    assertEquals("4000", str(gemini, "generationConfig.thinkingConfig.thinkingBudget"));
  }
}
