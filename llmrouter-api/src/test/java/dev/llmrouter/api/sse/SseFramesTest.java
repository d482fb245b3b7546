package dev.llmrouter.api.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFramesTest {
  @Test
  void jsonFramesAreTheBytesOfTheTextFrames() {
    JsonValue data = new JsonObject().put("type", "content_block_delta").put("index", 0)
        .put("delta", new JsonObject().put("text", "line one\nline two \u2192 \u2028 \"q\" \ud83d\ude00 \ud800"));
    assertArrayEquals(SseFrames.encode("content_block_delta", Json.writeString(data)), SseFrames.json("content_block_delta", data));
    assertArrayEquals(SseFrames.encode(null, Json.writeString(data)), SseFrames.json(null, data));
    assertEquals("event: e\ndata: {\"a\":[]}\n\n",
        new String(SseFrames.json("e", JsonObject.of("a", new JsonArray())), StandardCharsets.UTF_8));
    String big = "x\n".repeat(5000);
    assertArrayEquals(SseFrames.encode("e", Json.writeString(JsonObject.of("t", new JsonArray().add(big)))),
        SseFrames.json("e", JsonObject.of("t", new JsonArray().add(big))));
  }

  @Test
  void aReusedBufferGivesTheSameFrames() {
    dev.llmrouter.api.json.JsonOutput scratch = new dev.llmrouter.api.json.JsonOutput(4);
    JsonValue big = JsonObject.of("t", new dev.llmrouter.api.json.JsonString("\u2192".repeat(3000)));
    JsonValue small = JsonObject.of("t", JsonNumber.of(1));
    assertArrayEquals(SseFrames.json("a", big), SseFrames.json(scratch, "a", big));
    assertArrayEquals(SseFrames.json(null, small), SseFrames.json(scratch, null, small));
    assertArrayEquals(SseFrames.json("b", small), SseFrames.json(scratch, "b", small));
  }

  @Test
  void aNumberTextWithALineBreakStillGetsOneDataLinePerLine() {
    JsonValue data = JsonObject.of("n", new JsonNumber("1\n2"));
    assertEquals("data: {\"n\":1\ndata: 2}\n\n", new String(SseFrames.json(null, data), StandardCharsets.UTF_8));
  }
}
