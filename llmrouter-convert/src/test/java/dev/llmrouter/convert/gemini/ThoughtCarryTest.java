package dev.llmrouter.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.convert.Converters;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThoughtCarryTest {
  private static final Converter CONVERTER = Converters.standard();
  private static final String SIG = "EqQBCkYIBRgCKkB+/sig==";
  private static final String CLAUDE_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
      + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"Read it first.\",\"signature\":\"" + SIG + "\"},"
      + "{\"type\":\"redacted_thinking\",\"data\":\"RDATA\"},{\"type\":\"text\",\"text\":\"Reading.\"},"
      + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"read_file\",\"input\":{\"file_path\":\"/a\"}}],"
      + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

  private static ConvertContext ctx() {
    AtomicInteger n = new AtomicInteger();
    return new ConvertContext("client-model", "upstream-model", false, () -> "id" + n.incrementAndGet(), false, false);
  }

  @Test
  void packedReasoningUnpacksByteForByte() {
    List<ContentPart> blocks = List.of(new ContentPart.Thinking("Read it first.\n\"quoted\" é", SIG),
        new ContentPart.RedactedThinking("RDATA"));
    String packed = ThoughtCarry.pack(blocks);
    // Standard base64, as every Gemini SDK reads a signature.
    Base64.getDecoder().decode(packed);
    assertEquals(blocks, ThoughtCarry.unpack(packed));
  }

  @Test
  void otherSignaturesAreNotUnpacked() {
    assertNull(ThoughtCarry.unpack(null));
    assertNull(ThoughtCarry.unpack("skip_thought_signature_validator"));
    assertNull(ThoughtCarry.unpack("CiQBGeminiSignatureBytes=="));
    String packed = ThoughtCarry.pack(List.of(new ContentPart.Thinking("t", SIG)));
    assertNull(ThoughtCarry.unpack(packed.substring(0, packed.length() - 8)), "a damaged value is not unpacked");
  }

  @Test
  void unsignedOrOversizedReasoningIsNotCarried() {
    assertNull(ThoughtCarry.pack(List.of(new ContentPart.Thinking("no signature", null))));
    assertNull(ThoughtCarry.pack(List.of(new ContentPart.Thinking("x".repeat(ThoughtCarry.MAX_CHARS + 1), SIG))));
  }

  @Test
  void claudeThinkingGoesToAGeminiClientAndBackInFrontOfTheToolUse() {
    JsonObject answer = Json.parseObject(CONVERTER.response(Protocol.CLAUDE, Protocol.GEMINI, CLAUDE_ANSWER.getBytes(), ctx()));
    JsonArray parts = answer.getArray("candidates").get(0).asObject().getObject("content").getArray("parts");
    JsonObject call = parts.get(parts.size() - 1).asObject();
    assertEquals("read_file", call.getObject("functionCall").getString("name"));
    String signature = call.getString("thoughtSignature");
    assertTrue(signature.startsWith("bGxtcm91dGVyLXRob3VnaHQtdjE6"), signature);

    // The Gemini CLI sends back the call with its signature and drops the thought parts.
    String next = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Read /a\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"text\":\"Reading.\"},{\"functionCall\":{\"id\":\"toolu_1\",\"name\":\"read_file\","
        + "\"args\":{\"file_path\":\"/a\"}},\"thoughtSignature\":\"" + signature + "\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"toolu_1\",\"name\":\"read_file\",\"response\":{\"output\":\"x\"}}}]}],"
        + "\"generationConfig\":{\"temperature\":1,\"topP\":0.9,\"topK\":64,\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":8192}}}";
    JsonObject claude = Json.parseObject(CONVERTER.request(Protocol.GEMINI, Protocol.CLAUDE, next.getBytes(), ctx()));
    JsonArray blocks = claude.getArray("messages").get(1).asObject().getArray("content");
    assertEquals("{\"type\":\"thinking\",\"thinking\":\"Read it first.\",\"signature\":\"" + SIG + "\"}", blocks.get(0).toJson());
    assertEquals("{\"type\":\"redacted_thinking\",\"data\":\"RDATA\"}", blocks.get(1).toJson());
    assertEquals("text", blocks.get(2).asObject().getString("type"));
    assertEquals("tool_use", blocks.get(3).asObject().getString("type"));
    assertEquals("{\"type\":\"enabled\",\"budget_tokens\":8192}", claude.getObject("thinking").toJson());
    // Thinking allows no top_k and a top_p of at least 0.95; max_tokens leaves room for the answer.
    assertNull(claude.get("top_k"));
    assertEquals(0.95, claude.getNumber("top_p").doubleValue());
    assertEquals(8192 + 8192, claude.getLong("max_tokens", 0));
  }

  @Test
  void aToolUseTurnWhoseThinkingWasLostIsSentWithoutThinking() {
    // Claude refuses a final tool-use turn that does not start with its thinking block.
    String next = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Read /a\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"read_file\",\"args\":{}},"
        + "\"thoughtSignature\":\"skip_thought_signature_validator\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"read_file\",\"response\":{\"output\":\"x\"}}}]}],"
        + "\"generationConfig\":{\"topK\":64,\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":8192}}}";
    JsonObject claude = Json.parseObject(CONVERTER.request(Protocol.GEMINI, Protocol.CLAUDE, next.getBytes(), ctx()));
    assertNull(claude.get("thinking"));
    assertEquals(64, claude.getLong("top_k", 0));
    assertEquals("tool_use", claude.getArray("messages").get(1).asObject().getArray("content").get(0).asObject().getString("type"));
  }

  @Test
  void thoughtPartsTheClientKeptGiveWayToTheCarriedReasoning() {
    String packed = ThoughtCarry.pack(List.of(new ContentPart.Thinking("Read it first.", SIG)));
    String next = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Read /a\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"text\":\"Read it \",\"thought\":true},{\"text\":\"first.\",\"thought\":true},"
        + "{\"text\":\"\",\"thought\":true,\"thoughtSignature\":\"" + SIG + "\"},"
        + "{\"functionCall\":{\"name\":\"read_file\",\"args\":{}},\"thoughtSignature\":\"" + packed + "\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"read_file\",\"response\":{\"output\":\"x\"}}}]}]}";
    JsonObject claude = Json.parseObject(CONVERTER.request(Protocol.GEMINI, Protocol.CLAUDE, next.getBytes(), ctx()));
    JsonArray blocks = claude.getArray("messages").get(1).asObject().getArray("content");
    assertEquals(2, blocks.size());
    assertEquals("{\"type\":\"thinking\",\"thinking\":\"Read it first.\",\"signature\":\"" + SIG + "\"}", blocks.get(0).toJson());
    assertEquals("tool_use", blocks.get(1).asObject().getString("type"));
  }
}
