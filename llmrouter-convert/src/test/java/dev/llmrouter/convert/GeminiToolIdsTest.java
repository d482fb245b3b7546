package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Function-call ids of Gemini clients on a Claude channel. */
class GeminiToolIdsTest {
  private static JsonArray claudeMessages(String callId, String responseId) {
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Read /a\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{" + (callId == null ? "" : "\"id\":\"" + callId + "\",")
        + "\"name\":\"read_file\",\"args\":{}}}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"" + responseId + "\",\"name\":\"read_file\","
        + "\"response\":{\"output\":\"x\"}}}]}]}";
    JsonObject claude = Json.parseObject(CONVERTER.request(Protocol.GEMINI, Protocol.CLAUDE,
        body.getBytes(StandardCharsets.UTF_8), context(false)));
    return claude.getArray("messages");
  }

  private static String toolUseId(JsonArray messages) {
    return messages.get(1).asObject().getArray("content").get(0).asObject().getString("id");
  }

  private static String toolResultId(JsonArray messages) {
    return messages.get(2).asObject().getArray("content").get(0).asObject().getString("tool_use_id");
  }

  @Test
  void idsWithCharactersAnthropicRefusesAreRewrittenAlikeOnCallAndResult() {
    // The Gemini CLI's made-up ids hold its prompt id, "<session>########<n>".
    JsonArray messages = claudeMessages("read_file__synth_s1########1_17_0", "read_file__synth_s1########1_17_0");
    assertEquals("read_file__synth_s1________1_17_0", toolUseId(messages));
    assertEquals(toolUseId(messages), toolResultId(messages));
  }

  @Test
  void aResultWhoseIdNoCallHasAnswersTheEarliestOpenCallOfItsName() {
    // A call that came without an id, answered under an id the client made up for it.
    JsonArray messages = claudeMessages(null, "read_file-1767225600-abc");
    assertEquals(toolUseId(messages), toolResultId(messages));
  }
}
