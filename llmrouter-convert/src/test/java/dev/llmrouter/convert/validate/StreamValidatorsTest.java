package dev.llmrouter.convert.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The validators accept the vendors' own recorded streams and reject each kind of violation precisely. */
class StreamValidatorsTest {
  private static byte[] fixture(String path) throws IOException {
    try (InputStream in = StreamValidatorsTest.class.getResourceAsStream("/fixtures/" + path)) {
      return in.readAllBytes();
    }
  }

  private static String reject(Protocol p, String stream) {
    return assertThrows(InvalidStreamException.class,
        () -> StreamValidators.forProtocol(p).validate(stream.getBytes(StandardCharsets.UTF_8))).getMessage();
  }

  private static void assertRejects(Protocol p, String stream, String fragment) {
    String message = reject(p, stream);
    assertTrue(message.contains(fragment), message);
  }

  private static String claude(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  private static final String START = claude("message_start",
      "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}");
  private static final String DELTA = claude("message_delta",
      "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}");
  private static final String STOP = claude("message_stop", "{\"type\":\"message_stop\"}");

  private static String block(int index) {
    return claude("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        + claude("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  @Test
  void vendorRecordingsPass() throws IOException {
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(fixture("claude/stream_text.sse"));
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(fixture("claude/stream_tool_use.sse"));
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(fixture("claude/stream_thinking.sse"));
    StreamValidators.forProtocol(Protocol.OPENAI_CHAT).validate(fixture("openai/stream_tool_calls.sse"));
    StreamValidators.forProtocol(Protocol.GEMINI).validate(fixture("gemini/stream_function_call.sse"));
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(fixture("responses/stream_text.sse"));
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(fixture("responses/stream_reasoning.sse"));
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(fixture("responses/stream_function_call.sse"));
  }

  @Test
  void claudeRulesAreEnforced() {
    assertEquals("event #0 (content_block_start): first event must be message_start [data: "
        + "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}]",
        reject(Protocol.CLAUDE, block(0) + DELTA + STOP));
    assertRejects(Protocol.CLAUDE, START + block(0) + block(0) + DELTA + STOP, "block index 0 but expected 1");
    assertRejects(Protocol.CLAUDE, START + block(0) + STOP, "message_stop before message_delta");
    assertRejects(Protocol.CLAUDE, START + block(0) + DELTA, "does not end with message_stop");
    String open = claude("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    assertRejects(Protocol.CLAUDE, START + open + DELTA + STOP, "while blocks are open");
    String noUsage = claude("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}");
    assertRejects(Protocol.CLAUDE, START + noUsage + STOP, "without usage.output_tokens");
    String wrongDelta = claude("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}");
    assertRejects(Protocol.CLAUDE, START + open + wrongDelta, "input_json_delta inside a text block");
  }

  @Test
  void responsesRulesAreEnforced() {
    String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\"}}\n\n";
    String completed = "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n";
    assertRejects(Protocol.RESPONSES, created + completed, "sequence_number 1 not above 1");
    assertRejects(Protocol.RESPONSES, completed, "first event must be response.created");
    assertRejects(Protocol.RESPONSES, created, "does not end with a terminal response event");
    String delta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"output_index\":0,\"content_index\":0,\"delta\":\"x\"}\n\n";
    assertRejects(Protocol.RESPONSES, created + delta, "no open message item at output_index 0");
  }

  @Test
  void chatAndGeminiRulesAreEnforced() {
    String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\n";
    assertRejects(Protocol.OPENAI_CHAT, chunk, "does not end with [DONE]");
    assertRejects(Protocol.OPENAI_CHAT, "data: [DONE]\n\n", "[DONE] without a finish_reason");
    String part = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"x\"}]}}]}\n\n";
    assertRejects(Protocol.GEMINI, part, "last chunk without finishReason");
    String empty = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[]},\"finishReason\":\"STOP\"}]}\n\n";
    assertRejects(Protocol.GEMINI, empty, "candidate without content.parts");
  }
}
