package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each vendor documents for a request body, checked on converted upstream requests: tool types
 * and names, roles and their alternation, tool results paired with calls, thinking budgets and
 * cache breakpoints.
 */
final class CodexVendorRules {
  /** Anthropic: tool names {@code ^[a-zA-Z0-9_-]{1,128}$}. */
  private static final Pattern CLAUDE_TOOL = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");
  /** OpenAI: function names {@code ^[a-zA-Z0-9_-]{1,64}$}. */
  private static final Pattern OPENAI_TOOL = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  /** Gemini: a letter or underscore, then letters, digits, underscores, dots, colons or dashes; 64 at most. */
  private static final Pattern GEMINI_TOOL = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$");
  private static final Set<String> CHAT_ROLES = Set.of("system", "developer", "user", "assistant", "tool");
  private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh");

  private CodexVendorRules() {}

  static void check(Protocol p, JsonObject body) {
    switch (p) {
      case CLAUDE: claude(body); break;
      case OPENAI_CHAT: chat(body); break;
      case GEMINI: gemini(body); break;
      default: break;
    }
  }

  static void claude(JsonObject body) {
    assertNotNull(body.getString("model"));
    long maxTokens = body.getLong("max_tokens", -1);
    assertTrue(maxTokens > 0, "max_tokens is required");
    for (JsonValue v : arr(body, "tools")) {
      JsonObject t = v.asObject();
      String type = t.getString("type");
      if (type != null && type.startsWith("web_search_")) {
        assertEquals("web_search", t.getString("name"));
        continue;
      }
      assertTrue(type == null || type.equals("custom"), "client tools have no type or custom: " + type);
      assertTrue(CLAUDE_TOOL.matcher(t.getString("name", "")).matches(), t.getString("name"));
      assertEquals("object", t.getObject("input_schema").getString("type"), t.getString("name"));
    }
    JsonArray messages = body.getArray("messages");
    assertFalse(messages.isEmpty());
    String expected = "user";
    Set<String> open = new HashSet<>();
    for (JsonValue v : messages) {
      JsonObject m = v.asObject();
      assertEquals(expected, m.getString("role"), "roles alternate, starting with user");
      expected = expected.equals("user") ? "assistant" : "user";
      JsonValue content = m.get("content");
      if (!(content instanceof JsonArray blocks)) continue;
      boolean others = false;
      for (JsonValue b : blocks) {
        JsonObject block = b.asObject();
        String type = block.getString("type");
        if (type.equals("tool_use")) open.add(block.getString("id"));
        if (type.equals("tool_result")) {
          assertFalse(others, "tool results come first in their user turn");
          assertTrue(open.remove(block.getString("tool_use_id")), "a tool_result answers an earlier tool_use");
        } else {
          others = true;
        }
        if (type.equals("thinking")) assertFalse(block.getString("signature", "").isEmpty(), "thinking has its signature");
      }
    }
    JsonObject thinking = body.getObject("thinking");
    if (thinking != null && "enabled".equals(thinking.getString("type"))) {
      long budget = thinking.getLong("budget_tokens", 0);
      assertTrue(budget >= 1024 && budget < maxTokens, "1024 <= budget_tokens < max_tokens");
      assertTrue(body.get("temperature") == null, "thinking without temperature");
    }
    assertTrue(countCacheControl(body) <= 4, "at most four cache_control blocks");
  }

  static void chat(JsonObject body) {
    Set<String> calls = new HashSet<>();
    for (JsonValue v : body.getArray("messages")) {
      JsonObject m = v.asObject();
      String role = m.getString("role");
      assertTrue(CHAT_ROLES.contains(role), role);
      for (JsonValue c : arr(m, "tool_calls")) {
        JsonObject call = c.asObject();
        calls.add(call.getString("id"));
        String type = call.getString("type");
        assertTrue(type.equals("function") || type.equals("custom"), type);
        assertNotNull(call.getObject(type).getString("name"));
      }
      if (role.equals("tool")) assertTrue(calls.contains(m.getString("tool_call_id")), "a tool message answers an earlier call");
    }
    for (JsonValue v : arr(body, "tools")) {
      JsonObject t = v.asObject();
      String type = t.getString("type");
      if (type.equals("function")) {
        assertTrue(OPENAI_TOOL.matcher(t.getObject("function").getString("name", "")).matches());
        assertEquals("object", t.getObject("function").getObject("parameters").getString("type"));
      } else {
        assertEquals("custom", type);
        JsonObject custom = t.getObject("custom");
        assertTrue(OPENAI_TOOL.matcher(custom.getString("name", "")).matches());
        JsonObject format = custom.getObject("format");
        if (format != null && "grammar".equals(format.getString("type"))) {
          JsonObject grammar = format.getObject("grammar");
          assertTrue(Set.of("lark", "regex").contains(grammar.getString("syntax")));
          assertNotNull(grammar.getString("definition"));
        }
      }
    }
    String effort = body.getString("reasoning_effort");
    if (effort != null) assertTrue(EFFORTS.contains(effort), effort);
  }

  static void gemini(JsonObject body) {
    assertTrue(body.get("model") == null && body.get("stream") == null, "model and stream go in the URL");
    String expected = "user";
    for (JsonValue v : body.getArray("contents")) {
      JsonObject c = v.asObject();
      assertEquals(expected, c.getString("role"), "roles alternate, starting with user");
      expected = expected.equals("user") ? "model" : "user";
      assertFalse(c.getArray("parts").isEmpty());
    }
    boolean functions = false;
    boolean search = false;
    for (JsonValue v : arr(body, "tools")) {
      JsonObject t = v.asObject();
      assertEquals(1, t.members().size(), "one kind of tool per entry");
      if (t.getArray("functionDeclarations") != null) {
        functions = true;
        for (JsonValue d : t.getArray("functionDeclarations")) {
          assertTrue(GEMINI_TOOL.matcher(d.asObject().getString("name", "")).matches());
        }
      } else {
        assertNotNull(t.getObject("googleSearch"));
        search = true;
      }
    }
    assertFalse(functions && search, "Google Search and functions are not combined");
    JsonObject tc = body.getObject("generationConfig") == null ? null : body.getObject("generationConfig").getObject("thinkingConfig");
    if (tc != null && tc.get("thinkingBudget") != null) assertTrue(tc.getLong("thinkingBudget", -2) >= -1);
  }

  static int countCacheControl(JsonValue v) {
    int n = 0;
    if (v instanceof JsonObject o) {
      if (o.get("cache_control") != null) n++;
      for (JsonValue x : o.members().values()) n += countCacheControl(x);
    } else if (v instanceof JsonArray a) {
      for (JsonValue x : a) n += countCacheControl(x);
    }
    return n;
  }

  private static JsonArray arr(JsonObject o, String name) {
    JsonArray a = o.getArray(name);
    return a == null ? new JsonArray() : a;
  }
}
