package dev.llmrouter.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFrameTextDeltaTest {
  private static String delta(String text) {
    return StreamFrame.of(text.getBytes(StandardCharsets.UTF_8)).textDelta();
  }

  @Test
  void messagesTextDeltasAreTextAndOtherEventsAreNot() {
    assertEquals("Hel", delta("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n"));
    assertEquals("", delta("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}\n\n"));
    assertEquals("", delta("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    assertEquals("", delta("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
  }

  @Test
  void responsesOutputTextDeltas() {
    assertEquals("lo", delta("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
        + "\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"lo\"}\n\n"));
    assertEquals("", delta("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{}}\n\n"));
  }

  @Test
  void chatAndGeminiChunksAndSeveralEventsInOneFrame() {
    assertEquals("ab", delta("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n"));
    assertEquals("", delta("data: [DONE]\n\n"));
    assertEquals("Hi", delta("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"plan\","
        + "\"thought\":true},{\"text\":\"Hi\"}]}}]}\n\n"));
    assertEquals("Hi", delta(",{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]}"));
  }
}
