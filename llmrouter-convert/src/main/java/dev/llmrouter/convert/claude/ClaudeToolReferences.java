package dev.llmrouter.convert.claude;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ContentPart;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic's tool search, for an upstream that has none: a tool declared with
 * {@code defer_loading: true} stays out of the model's tools until a {@code tool_reference} block
 * (in the result of a client's own search tool, such as Claude Code's {@code ToolSearch}) loads it.
 * Anthropic shows the model a loaded tool's full definition where the reference stands; here the
 * reference becomes that definition as text, one {@code <function>} line per tool inside a
 * {@code <functions>} block (the encoding Claude Code's search tool announces to the model), and the
 * tool is declared to the upstream like any other. One per request decoding; not thread-safe.
 */
final class ClaudeToolReferences {
  private final Map<String, JsonObject> declared = new HashMap<>();
  private final Set<String> loaded = new HashSet<>();

  /** @param tools the request's {@code tools} (entries that are not objects are left to the caller) */
  ClaudeToolReferences(JsonArray tools) {
    for (int i = 0; i < tools.size(); i++) {
      if (tools.get(i) instanceof JsonObject t && t.getString("name") != null) declared.putIfAbsent(t.getString("name"), t);
    }
  }

  /**
   * Loads the named tools and returns their definitions as the model reads them.
   *
   * @param names the tools named by consecutive {@code tool_reference} blocks
   * @return one text part holding a {@code <functions>} block
   */
  ContentPart.Text load(List<String> names) {
    StringBuilder sb = new StringBuilder("<functions>\n");
    for (String name : names) {
      loaded.add(name);
      sb.append("<function>").append(Json.writeString(definition(name))).append("</function>\n");
    }
    return ContentPart.Text.of(sb.append("</functions>").toString());
  }

  /** A tool's definition as Anthropic expands a reference: description, name and parameters. */
  private JsonObject definition(String name) {
    JsonObject tool = declared.get(name);
    JsonObject out = new JsonObject();
    if (tool != null && tool.getString("description") != null) out.put("description", tool.getString("description"));
    out.put("name", name);
    if (tool != null && tool.get("input_schema") != null) out.put("parameters", tool.get("input_schema").copy());
    return out;
  }

  /**
   * Tells whether a declared tool stays out of the upstream's tools: it is deferred and no reference
   * in the conversation has loaded it. Call after every message is decoded.
   */
  boolean withheld(JsonObject tool) {
    return tool.getBoolean("defer_loading", false) && !loaded.contains(tool.getString("name", ""));
  }
}
