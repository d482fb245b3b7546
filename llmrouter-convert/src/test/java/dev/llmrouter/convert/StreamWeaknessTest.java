package dev.llmrouter.convert;

import static dev.llmrouter.convert.Frames.at;
import static dev.llmrouter.convert.Frames.data;
import static dev.llmrouter.convert.Frames.ofType;
import static dev.llmrouter.convert.Frames.str;
import static dev.llmrouter.convert.Frames.types;
import static dev.llmrouter.convert.TestSupport.fixture;
import static dev.llmrouter.convert.TestSupport.runStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.convert.validate.StreamValidators;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream weaknesses of the original (spec section 8, items 17, 20 and 23) done right: each test
 * is named after the behaviour it pins down.
 */
class StreamWeaknessTest {
  private static byte[] convert(Protocol from, Protocol to, String fixture) {
    byte[] out = runStream(from, to, fixture("fixtures/" + from.serviceType() + "/" + fixture));
    StreamValidators.forProtocol(to).validate(out);
    return out;
  }

  @Test
  void chatStreamBecomesAnthropicStreamWithStartStopReasonAndUsage() {
    byte[] out = convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, "stream_text.sse");
    List<String> types = types(out);
    assertEquals("message_start", types.get(0));
    assertEquals("message_stop", types.get(types.size() - 1));
    JsonObject delta = ofType(out, "message_delta").get(0);
    assertEquals("end_turn", str(delta, "delta.stop_reason"));
    assertEquals("25", str(delta, "usage.input_tokens"));
    assertEquals("15", str(delta, "usage.output_tokens"));
  }

  @Test
  void textAndToolBlocksGetTheirOwnIndexes() {
    byte[] out = convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, "stream_tool_calls.sse");
    List<String> starts = new ArrayList<>();
    for (JsonObject o : ofType(out, "content_block_start")) starts.add(str(o, "index") + ":" + str(o, "content_block.type"));
    assertEquals(List.of("0:text", "1:tool_use", "2:tool_use"), starts);
  }

  @Test
  void toolArgumentsStreamPieceByPieceAsTheyArrive() {
    byte[] out = convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, "stream_tool_calls.sse");
    List<String> pieces = new ArrayList<>();
    for (JsonObject o : ofType(out, "content_block_delta")) {
      if ("1".equals(str(o, "index"))) pieces.add(str(o, "delta.partial_json"));
    }
    assertEquals(List.of("{\"", "location", "\":\"", "Paris", "\"}"), pieces);
  }

  @Test
  void toolArgumentsThatNeverParseAreStillDelivered() {
    byte[] out = convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, "stream_truncated.sse");
    JsonObject toolStart = ofType(out, "content_block_start").get(1);
    assertEquals("call_cut", str(toolStart, "content_block.id"));
    JsonObject args = ofType(out, "content_block_delta").get(1);
    assertEquals("{\"path\":\"a.tx", str(args, "delta.partial_json"));
    assertEquals("max_tokens", str(ofType(out, "message_delta").get(0), "delta.stop_reason"));
  }

  @Test
  void geminiThoughtsBecomeThinkingAndNeverAnswerText() {
    byte[] out = convert(Protocol.GEMINI, Protocol.CLAUDE, "stream_thought.sse");
    List<String> starts = new ArrayList<>();
    for (JsonObject o : ofType(out, "content_block_start")) starts.add(str(o, "content_block.type"));
    assertEquals(List.of("thinking", "text"), starts);
    StringBuilder text = new StringBuilder();
    for (JsonObject o : ofType(out, "content_block_delta")) {
      if ("text_delta".equals(str(o, "delta.type"))) text.append(str(o, "delta.text"));
    }
    assertEquals("480", text.toString());
  }

  @Test
  void geminiMaxTokensBecomesMaxTokensStopReason() {
    byte[] out = convert(Protocol.GEMINI, Protocol.CLAUDE, "stream_max_tokens.sse");
    JsonObject delta = ofType(out, "message_delta").get(0);
    assertEquals("max_tokens", str(delta, "delta.stop_reason"));
    assertEquals("1225", str(delta, "usage.input_tokens"));
    assertEquals("3000", str(delta, "usage.cache_read_input_tokens"));
  }

  @Test
  void responsesClientOverClaudeStreamReceivesTextAndCompleted() {
    byte[] out = convert(Protocol.CLAUDE, Protocol.RESPONSES, "stream_text.sse");
    StringBuilder text = new StringBuilder();
    for (JsonObject o : ofType(out, "response.output_text.delta")) text.append(str(o, "delta"));
    assertEquals("Hello world!", text.toString());
    List<JsonObject> all = data(out);
    JsonObject last = all.get(all.size() - 1);
    assertEquals("response.completed", str(last, "type"));
    assertEquals("Hello world!", str(last, "response.output.0.content.0.text"));
    assertEquals("40", str(last, "response.usage.total_tokens"));
  }

  @Test
  void claudeToolCallsReachGeminiClientsWithTheirArguments() {
    byte[] out = convert(Protocol.CLAUDE, Protocol.GEMINI, "stream_tool_use.sse");
    List<JsonObject> chunks = data(out);
    JsonObject call = null;
    for (JsonObject c : chunks) {
      if (at(c, "candidates.0.content.parts.0.functionCall") != null) call = c;
    }
    assertEquals("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}",
        str(call, "candidates.0.content.parts.0.functionCall.args"));
    assertEquals("get_weather", str(call, "candidates.0.content.parts.0.functionCall.name"));
    assertEquals("STOP", str(chunks.get(chunks.size() - 1), "candidates.0.finishReason"));
  }

  @Test
  void claudeMaxTokensReachesGeminiClientsAsMaxTokens() {
    List<JsonObject> chunks = data(convert(Protocol.CLAUDE, Protocol.GEMINI, "stream_max_tokens.sse"));
    JsonObject last = chunks.get(chunks.size() - 1);
    assertEquals("MAX_TOKENS", str(last, "candidates.0.finishReason"));
    assertEquals("4225", str(last, "usageMetadata.promptTokenCount"));
    assertEquals("3000", str(last, "usageMetadata.cachedContentTokenCount"));
  }

  @Test
  void geminiFunctionCallsReachClaudeClientsWithUniqueIdsAndToolUseStop() {
    byte[] out = convert(Protocol.GEMINI, Protocol.CLAUDE, "stream_function_call.sse");
    List<String> ids = new ArrayList<>();
    for (JsonObject o : ofType(out, "content_block_start")) {
      if ("tool_use".equals(str(o, "content_block.type"))) ids.add(str(o, "content_block.id"));
    }
    assertEquals(2, ids.size());
    assertTrue(!ids.get(0).equals(ids.get(1)), "ids must differ: " + ids);
    assertEquals("tool_use", str(ofType(out, "message_delta").get(0), "delta.stop_reason"));
  }
}
