package dev.llmrouter.convert.tokens;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Counts the text a model reads in a JSON item: its string values (message text, tool names and
 * arguments, tool output), not its structure and not the members that only route or label it.
 * Media parts are priced by {@link Media}. Mutable; not thread-safe.
 */
final class TextValues {
  /** Members whose values are labels or ids, not content. */
  static final Set<String> SKIPPED = Set.of("type", "role", "id", "call_id", "tool_call_id", "status",
      "encrypted_content", "signature", "cache_control", "file_id", "detail", "thoughtSignature",
      "thought_signature", "mimeType", "mime_type");

  private final TextCount text = new TextCount();
  private long media;

  void walk(JsonValue v) {
    if (v instanceof JsonObject o) {
      long m = Media.tokens(o);
      if (m >= 0) {
        media += m;
        return;
      }
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        if (!SKIPPED.contains(e.getKey())) walk(e.getValue());
      }
    } else if (v instanceof JsonArray a) {
      for (JsonValue item : a) walk(item);
    } else if (v instanceof JsonString s) {
      text.add(s.value());
    }
  }

  long tokens() {
    return text.tokens() + media;
  }
}
