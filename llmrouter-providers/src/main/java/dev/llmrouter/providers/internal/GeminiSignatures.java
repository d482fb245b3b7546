package dev.llmrouter.providers.internal;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;

/**
 * Applies a Gemini channel's thought-signature options to a passed-through Gemini request. Without
 * either option the body is not touched; with one, it is parsed, the {@code thoughtSignature}
 * fields of the parts are changed, and it is written again (other members keep their order and
 * number text). Stateless.
 */
public final class GeminiSignatures {
  /** Gemini's documented value that skips signature validation. */
  public static final String SKIP = "skip_thought_signature_validator";

  private GeminiSignatures() {}

  /**
   * @param strip remove every part's thought signature (wins over {@code inject})
   * @param inject give every function-call part without a signature the skip value
   * @return the body, the same array when nothing had to change
   */
  public static byte[] apply(byte[] body, boolean strip, boolean inject) {
    if (!strip && !inject) return body;
    JsonObject root;
    try {
      root = Json.parseObject(body);
    } catch (MalformedJsonException e) {
      return body; // the upstream will answer the malformed request with its own error
    }
    JsonArray contents = root.getArray("contents");
    if (contents == null) return body;
    boolean changed = false;
    for (JsonValue c : contents) {
      JsonArray parts = c instanceof JsonObject content ? content.getArray("parts") : null;
      if (parts == null) continue;
      for (JsonValue p : parts) {
        if (!(p instanceof JsonObject part)) continue;
        if (strip) {
          changed |= part.remove("thoughtSignature") != null;
          changed |= part.remove("thought_signature") != null;
        } else if (part.get("functionCall") != null) {
          String camel = part.getString("thoughtSignature");
          String snake = part.getString("thought_signature");
          if ((camel == null || camel.isEmpty()) && (snake == null || snake.isEmpty())) {
            part.remove("thought_signature");
            part.put("thoughtSignature", SKIP);
            changed = true;
          }
        }
      }
    }
    return changed ? Json.write(root) : body;
  }
}
