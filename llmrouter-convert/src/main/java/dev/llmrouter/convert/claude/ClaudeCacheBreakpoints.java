package dev.llmrouter.convert.claude;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;

/**
 * Prompt-cache breakpoints for a request converted from a client that relies on automatic prefix
 * caching (OpenAI Responses: Codex resends the whole conversation every turn). Anthropic caches only
 * up to blocks marked {@code cache_control}, at most four per request, so four go in: the last tool,
 * the last system block, the last block of the user turn before the newest assistant turn (the end
 * of the previous request, where that request wrote its cache) and the last block of the newest
 * turn (written now, read by the next request). Conversion is deterministic, so each turn's prefix
 * up to a breakpoint is byte for byte the earlier turn's. Stateless.
 */
final class ClaudeCacheBreakpoints {
  /** Anthropic's limit on {@code cache_control} blocks per request. */
  static final int MAX = 4;

  private ClaudeCacheBreakpoints() {}

  static void add(JsonObject request) {
    JsonArray tools = request.getArray("tools");
    if (tools != null && !tools.isEmpty() && tools.get(tools.size() - 1) instanceof JsonObject last) mark(last);
    JsonValue system = request.get("system");
    if (system != null && system.asString() != null) {
      request.put("system", JsonArray.of(mark(new JsonObject().put("type", "text").put("text", system.asString()))));
    } else if (system instanceof JsonArray blocks && !blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof JsonObject b) {
      mark(b);
    }
    JsonArray messages = request.getArray("messages");
    if (messages == null || messages.isEmpty()) return;
    int end = messages.size() - 1;
    markMessage(messages, end);
    int lastAssistant = -1;
    for (int i = end; i >= 0; i--) {
      if (messages.get(i) instanceof JsonObject m && "assistant".equals(m.getString("role"))) {
        lastAssistant = i;
        break;
      }
    }
    if (lastAssistant > 0) markMessage(messages, lastAssistant - 1);
  }

  private static void markMessage(JsonArray messages, int i) {
    if (!(messages.get(i) instanceof JsonObject m) || !"user".equals(m.getString("role"))) return;
    JsonValue content = m.get("content");
    if (content != null && content.asString() != null) {
      m.put("content", JsonArray.of(mark(new JsonObject().put("type", "text").put("text", content.asString()))));
    } else if (content instanceof JsonArray blocks && !blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof JsonObject b) {
      mark(b);
    }
  }

  private static JsonObject mark(JsonObject block) {
    return block.put("cache_control", new JsonObject().put("type", "ephemeral"));
  }
}
