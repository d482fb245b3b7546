package dev.llmrouter.api.provider;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;

/** The answer text in one streamed event of each protocol (see {@link StreamFrame#textDelta()}). */
final class TextDeltas {
  private TextDeltas() {}

  /** The text of one event's JSON payload, or null. */
  static String of(JsonObject data) {
    String type = data.getString("type");
    if ("content_block_delta".equals(type)) {
      JsonObject delta = data.getObject("delta");
      return delta != null && "text_delta".equals(delta.getString("type")) ? delta.getString("text") : null;
    }
    if ("response.output_text.delta".equals(type)) return data.getString("delta");
    if (type != null) return null;
    JsonArray choices = data.getArray("choices");
    if (choices != null) {
      StringBuilder sb = new StringBuilder();
      for (JsonValue c : choices.items()) {
        JsonObject delta = c.asObject() == null ? null : c.asObject().getObject("delta");
        String content = delta == null ? null : delta.getString("content");
        if (content != null) sb.append(content);
      }
      return sb.toString();
    }
    JsonArray candidates = data.getArray("candidates");
    if (candidates != null) {
      StringBuilder sb = new StringBuilder();
      for (JsonValue c : candidates.items()) {
        JsonObject content = c.asObject() == null ? null : c.asObject().getObject("content");
        JsonArray parts = content == null ? null : content.getArray("parts");
        if (parts == null) continue;
        for (JsonValue p : parts.items()) {
          JsonObject part = p.asObject();
          if (part == null || part.getBoolean("thought", false)) continue;
          String text = part.getString("text");
          if (text != null) sb.append(text);
        }
      }
      return sb.toString();
    }
    return null;
  }
}
