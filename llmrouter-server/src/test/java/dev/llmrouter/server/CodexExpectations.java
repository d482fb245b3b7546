package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** What an upstream request converted from Codex's recorded requests must hold on each channel type. */
final class CodexExpectations {
  private CodexExpectations() {}

  /** Every Codex tool reaches the upstream: functions as functions, apply_patch natively or as a function. */
  static void assertToolsDeclared(Protocol upstream, JsonObject sent, boolean nativeCustom) {
    List<String> names = new ArrayList<>();
    JsonObject patch = null;
    boolean webSearch = false;
    JsonArray tools = upstream == Protocol.GEMINI ? sent.getArray("tools").get(0).asObject().getArray("functionDeclarations")
        : sent.getArray("tools");
    for (JsonValue v : tools) {
      JsonObject t = v.asObject();
      JsonObject decl = upstream == Protocol.OPENAI_CHAT ? t.getObject(t.getString("type")) : t;
      if (upstream == Protocol.CLAUDE && "web_search_20250305".equals(t.getString("type"))) {
        webSearch = true;
        continue;
      }
      names.add(decl.getString("name"));
      if ("apply_patch".equals(decl.getString("name"))) patch = t;
    }
    assertEquals(upstream == Protocol.CLAUDE, webSearch, "web_search becomes Claude's web search tool");
    assertTrue(names.containsAll(List.of("exec_command", "write_stdin", "apply_patch", "view_image", "tool_search")), names.toString());
    assertFalse(names.contains("web_search"));
    assertNotNull(patch);
    boolean custom = upstream == Protocol.OPENAI_CHAT || upstream == Protocol.RESPONSES ? nativeCustom : false;
    if (custom) {
      assertEquals("custom", patch.getString("type"));
      return;
    }
    JsonObject fn = upstream == Protocol.OPENAI_CHAT ? patch.getObject("function") : patch;
    if (upstream == Protocol.OPENAI_CHAT || upstream == Protocol.RESPONSES) assertEquals("function", patch.getString("type"));
    JsonObject schema = upstream == Protocol.CLAUDE ? fn.getObject("input_schema") : fn.getObject("parameters");
    assertEquals("string", schema.getObject("properties").getObject("input").getString("type"));
    assertTrue(fn.getString("description").contains("FREEFORM") && fn.getString("description").contains("begin_patch"),
        "the description and the grammar travel in the function's description");
  }

  static void assertReasoning(Protocol upstream, JsonObject sent) {
    switch (upstream) {
      case CLAUDE:
        assertEquals(8192, sent.getObject("thinking").getLong("budget_tokens", -1));
        break;
      case GEMINI:
        assertEquals(8192, sent.getObject("generationConfig").getObject("thinkingConfig").getLong("thinkingBudget", -1));
        break;
      default:
        assertEquals("medium", sent.getString("reasoning_effort"));
        break;
    }
  }
}
