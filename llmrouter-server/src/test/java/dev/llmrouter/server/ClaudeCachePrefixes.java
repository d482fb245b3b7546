package dev.llmrouter.server;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Where an Anthropic request's cache breakpoints are, and the prefix each one caches. */
final class ClaudeCachePrefixes {
  private ClaudeCachePrefixes() {}

  /** Message and block index of each cache breakpoint in the messages; tools and system are -1 and -2. */
  static List<int[]> breakpoints(JsonObject claude) {
    List<int[]> out = new ArrayList<>();
    JsonArray tools = claude.getArray("tools");
    if (tools != null && tools.get(tools.size() - 1).asObject().get("cache_control") != null) out.add(new int[] {-1, -1});
    if (claude.get("system") instanceof JsonArray s && s.get(s.size() - 1).asObject().get("cache_control") != null) {
      out.add(new int[] {-2, -2});
    }
    JsonArray messages = claude.getArray("messages");
    for (int m = 0; m < messages.size(); m++) {
      if (!(messages.get(m).asObject().get("content") instanceof JsonArray blocks)) continue;
      for (int b = 0; b < blocks.size(); b++) {
        if (blocks.get(b).asObject().get("cache_control") != null) out.add(new int[] {m, b});
      }
    }
    return out;
  }

  /**
   * The bytes Anthropic caches up to a breakpoint: tools, system, and the messages up to and
   * including the block, without the cache_control markers themselves (which move from turn to turn
   * and are not content).
   */
  static String prefix(JsonObject claude, int[] b) {
    JsonObject p = new JsonObject().put("tools", strip(claude.get("tools")));
    if (b[0] == -1) return Json.writeString(p);
    p.put("system", strip(claude.get("system")));
    if (b[0] == -2) return Json.writeString(p);
    JsonArray messages = new JsonArray();
    JsonArray all = claude.getArray("messages");
    for (int m = 0; m < b[0]; m++) messages.add(strip(all.get(m)));
    JsonObject last = strip(all.get(b[0])).asObject();
    JsonArray blocks = new JsonArray();
    for (int k = 0; k <= b[1]; k++) blocks.add(last.getArray("content").get(k));
    messages.add(last.put("content", blocks));
    return Json.writeString(p.put("messages", messages));
  }

  private static JsonValue strip(JsonValue v) {
    JsonValue c = v.copy();
    stripInPlace(c);
    return c;
  }

  private static void stripInPlace(JsonValue v) {
    if (v instanceof JsonObject o) {
      o.remove("cache_control");
      for (JsonValue x : o.members().values()) stripInPlace(x);
    } else if (v instanceof JsonArray a) {
      for (JsonValue x : a) stripInPlace(x);
    }
  }
}
