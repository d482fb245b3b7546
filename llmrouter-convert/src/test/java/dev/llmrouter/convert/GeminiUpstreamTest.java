package dev.llmrouter.convert;

import static dev.llmrouter.convert.Frames.at;
import static dev.llmrouter.convert.Frames.json;
import static dev.llmrouter.convert.Frames.str;
import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Gemini specifics: thought signatures kept, injected or stripped per channel option; thinking budgets capped. */
class GeminiUpstreamTest {
  /** A Claude request whose history holds one call with a Gemini signature and one without. */
  private static byte[] claudeWithSignature() {
    // The Gemini fixture turned into a Claude request keeps the signature on the first call.
    return CONVERTER.request(Protocol.GEMINI, Protocol.CLAUDE, fixture("fixtures/gemini/request_tool_result.json"), context(false));
  }

  @Test
  void signaturesAreKeptByDefault() {
    JsonObject claudeToGemini = json(CONVERTER.request(Protocol.CLAUDE, Protocol.GEMINI, fixture("fixtures/claude/request_thinking.json"), context(false)));
    assertEquals("EqQBCkYIBxgCKkDsig==", str(claudeToGemini, "contents.1.parts.0.thoughtSignature"));
    assertEquals("true", str(claudeToGemini, "contents.1.parts.0.thought"));
    assertNull(at(claudeToGemini, "contents.1.parts.1.thoughtSignature"));
  }

  @Test
  void missingCallSignaturesGetTheSkipValueWhenInjecting() {
    JsonObject gemini = json(CONVERTER.request(Protocol.CLAUDE, Protocol.GEMINI, fixture("fixtures/claude/request_thinking.json"), context(false, true, false)));
    assertEquals("skip_thought_signature_validator", str(gemini, "contents.1.parts.1.thoughtSignature"));
    assertEquals("EqQBCkYIBxgCKkDsig==", str(gemini, "contents.1.parts.0.thoughtSignature"));
  }

  @Test
  void stripRemovesEverySignatureAndWinsOverInject() {
    JsonObject gemini = json(CONVERTER.request(Protocol.CLAUDE, Protocol.GEMINI, fixture("fixtures/claude/request_thinking.json"), context(false, true, true)));
    assertNull(at(gemini, "contents.1.parts.0.thoughtSignature"));
    assertNull(at(gemini, "contents.1.parts.1.thoughtSignature"));
  }

  @Test
  void geminiCallSignatureNeverReachesAnthropicBlocks() {
    JsonObject answer = json(CONVERTER.response(Protocol.GEMINI, Protocol.CLAUDE, fixture("fixtures/gemini/response_function_call.json"), context(false)));
    assertEquals("tool_use", str(answer, "content.1.type"));
    assertNull(at(answer, "content.1.signature"));
    JsonObject request = json(claudeWithSignature());
    assertEquals("tool_use", str(request, "messages.1.content.0.type"));
    assertNull(at(request, "messages.1.content.0.signature"));
  }

  @Test
  void claudeToolUseSignatureGoesBackToGemini() {
    String body = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"f\",\"input\":{},\"signature\":\"sig-from-gemini\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"done\"}]}]}";
    JsonObject gemini = json(CONVERTER.request(Protocol.CLAUDE, Protocol.GEMINI, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), context(false, true, false)));
    assertEquals("sig-from-gemini", str(gemini, "contents.1.parts.0.thoughtSignature"));
    assertEquals("f", str(gemini, "contents.2.parts.0.functionResponse.name"));
  }

  @Test
  void largeAnthropicThinkingBudgetsAreCappedForGemini() {
    String body = "{\"model\":\"m\",\"max_tokens\":32000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    JsonObject gemini = json(CONVERTER.request(Protocol.CLAUDE, Protocol.GEMINI, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), context(false)));
    assertEquals("{\"thinkingBudget\":24576,\"includeThoughts\":true}", str(gemini, "generationConfig.thinkingConfig"));
    assertEquals("32000", str(gemini, "generationConfig.maxOutputTokens"));
  }
}
