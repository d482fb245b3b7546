package dev.llmrouter.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void builtRequestsDoNotChangeWhenTheBuilderIsReused() {
    ChatRequest.Builder b = ChatRequest.builder().model("m").addMessage(Message.of(Role.USER, ContentPart.Text.of("a")));
    ChatRequest first = b.build();
    b.addMessage(Message.of(Role.ASSISTANT, ContentPart.Text.of("b"))).temperature(0.0);
    ChatRequest second = b.build();
    assertEquals(1, first.messages().size());
    assertEquals(2, second.messages().size());
    assertEquals(0.0, second.temperature());
    assertEquals(null, first.temperature());
    assertEquals(second, second.toBuilder().build());
  }

  @Test
  void listsAreCopiedAndUnmodifiable() {
    List<ContentPart> parts = new ArrayList<>(List.of(ContentPart.Text.of("x")));
    Message m = new Message(Role.USER, parts);
    parts.clear();
    assertEquals(1, m.content().size());
    assertThrows(UnsupportedOperationException.class, () -> m.content().add(ContentPart.Text.of("y")));
  }

  @Test
  void toolSchemasAreCopiedSoTheCallersTreeCannotChangeThem() {
    JsonObject schema = Json.parseObject("{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}}}");
    Tool tool = new Tool("t", null, schema);
    schema.put("type", "string");
    assertEquals("{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}}}", tool.parameters().toJson());
  }

  @Test
  void openEnumsKeepUnknownValues() {
    assertTrue(StopReason.END_TURN.isKnown());
    StopReason recitation = StopReason.of("RECITATION");
    assertFalse(recitation.isKnown());
    assertEquals("RECITATION", recitation.value());
    assertEquals(Role.USER, Role.of("user"));
    assertFalse(Role.of("critic").isKnown());
    assertTrue(Role.DEVELOPER.isInstruction());
  }

  @Test
  void partsRejectImpossibleShapes() {
    assertThrows(IllegalArgumentException.class, () -> new ContentPart.Image("image/png", "AAAA", "https://x"));
    assertThrows(IllegalArgumentException.class, () -> new ContentPart.Document(null, null, null, null, "t"));
    assertThrows(IllegalArgumentException.class, () -> new ToolChoice(ToolChoice.TOOL, null, null));
    assertThrows(NullPointerException.class, () -> new ContentPart.ToolCall("id", "name", null, null));
  }

  @Test
  void toolResultTextJoinsItsTextParts() {
    ContentPart.ToolResult r = new ContentPart.ToolResult("c1", null,
        List.of(ContentPart.Text.of("a"), ContentPart.Image.url("https://x/y.png"), ContentPart.Text.of("b")), false);
    assertEquals("a\nb", r.text());
  }
}
