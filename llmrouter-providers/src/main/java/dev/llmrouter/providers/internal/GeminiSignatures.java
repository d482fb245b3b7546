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
 * number text). A signature in which llmrouter carried another vendor's reasoning to a Gemini
 * client (it starts with {@link #CARRIED_PREFIX}) means nothing to Gemini: when the conversation
 * reaches a Gemini channel after all, such a signature becomes the skip value. Stateless.
 */
public final class GeminiSignatures {
  /** Gemini's documented value that skips signature validation. */
  public static final String SKIP = "skip_thought_signature_validator";
  /**
   * How every signature that carries another vendor's reasoning starts: the base64 of
   * {@code llmrouter-thought-v1:} (see the Gemini codec's ThoughtCarry).
   */
  public static final String CARRIED_PREFIX = "bGxtcm91dGVyLXRob3VnaHQtdjE6";
  private static final byte[] CARRIED = CARRIED_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private GeminiSignatures() {}

  /**
   * Applies the options to a Gemini request body. A body that is not a JSON object, or has no
   * {@code contents}, is returned unchanged for the upstream to judge.
   *
   * @param body the client's request bytes; not modified
   * @param strip remove every part's thought signature (wins over {@code inject})
   * @param inject give every function-call part without a signature the skip value
   * @return the body, the same array when nothing had to change
   */
  public static byte[] apply(byte[] body, boolean strip, boolean inject) {
    boolean carried = contains(body, CARRIED);
    if (!strip && !inject && !carried) return body;
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
          if (carried && camel != null && camel.startsWith(CARRIED_PREFIX)) {
            part.put("thoughtSignature", SKIP);
            changed = true;
            continue;
          }
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

  private static boolean contains(byte[] body, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= body.length; i++) {
      if (body[i] != needle[0]) continue;
      for (int j = 1; j < needle.length; j++) if (body[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }
}
