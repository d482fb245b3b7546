package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ContentPart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Carries another vendor's signed reasoning through a Gemini client in a function call's
 * {@code thoughtSignature}. Gemini clients drop thought parts from the history they send back (the
 * Gemini CLI keeps only the signature on the first {@code functionCall} of a turn), yet Claude
 * refuses a tool-use turn whose thinking blocks were stripped, and a Responses upstream wants its
 * {@code encrypted_content} back. So when a converted answer's function call follows thinking
 * blocks that have a signature (Claude thinking, redacted thinking, Responses reasoning), the blocks
 * are packed into that call's {@code thoughtSignature}; when the client sends the call back, they
 * are unpacked in front of the turn, with their text and signatures byte for byte.
 *
 * <p>The packed value is standard base64 (as every Gemini SDK expects of a signature) of
 * {@value #MAGIC} followed by a JSON array of Anthropic-shaped blocks. Stateless.
 */
final class ThoughtCarry {
  static final String MAGIC = "llmrouter-thought-v1:";
  /** {@link #MAGIC} is 21 bytes, a multiple of 3, so every packed value starts with its base64. */
  private static final String PREFIX = Base64.getEncoder().encodeToString(MAGIC.getBytes(StandardCharsets.UTF_8));
  /** Thinking larger than this is not carried (the call then gets Gemini's skip value). */
  static final int MAX_CHARS = 1 << 20;

  private ThoughtCarry() {}

  /** True for a part worth carrying: thinking with a signature, or redacted thinking. */
  static boolean carries(ContentPart p) {
    return p instanceof ContentPart.Thinking th && th.signature() != null && !th.signature().isEmpty()
        || p instanceof ContentPart.RedactedThinking;
  }

  /**
   * Packs the signed reasoning blocks of a turn.
   *
   * @param blocks thinking with signatures and redacted thinking, in order
   * @return the thoughtSignature value, or null when there is nothing to carry or it is too large
   */
  static String pack(List<ContentPart> blocks) {
    JsonArray out = new JsonArray();
    long chars = 0;
    for (ContentPart p : blocks) {
      if (p instanceof ContentPart.Thinking th && carries(th)) {
        out.add(new JsonObject().put("type", "thinking").put("thinking", th.text()).put("signature", th.signature()));
        chars += th.text().length() + th.signature().length();
      } else if (p instanceof ContentPart.RedactedThinking r) {
        out.add(new JsonObject().put("type", "redacted_thinking").put("data", r.data()));
        chars += r.data().length();
      }
    }
    if (out.isEmpty() || chars > MAX_CHARS) return null;
    byte[] json = Json.write(out);
    byte[] all = new byte[MAGIC.length() + json.length];
    System.arraycopy(MAGIC.getBytes(StandardCharsets.UTF_8), 0, all, 0, MAGIC.length());
    System.arraycopy(json, 0, all, MAGIC.length(), json.length);
    return Base64.getEncoder().encodeToString(all);
  }

  /**
   * Unpacks a thoughtSignature that {@link #pack} made.
   *
   * @param signature a function call's thoughtSignature, or null
   * @return the reasoning blocks, or null when the signature is not a packed one (a Gemini
   *     signature, the skip value, or a damaged value)
   */
  static List<ContentPart> unpack(String signature) {
    if (signature == null || !signature.startsWith(PREFIX)) return null;
    try {
      byte[] all = Base64.getDecoder().decode(signature);
      JsonValue parsed = Json.parse(new String(all, MAGIC.length(), all.length - MAGIC.length(), StandardCharsets.UTF_8));
      if (!(parsed instanceof JsonArray blocks)) return null;
      List<ContentPart> out = new ArrayList<>();
      for (JsonValue v : blocks) {
        if (!(v instanceof JsonObject b)) return null;
        String type = b.getString("type", "");
        if (type.equals("thinking") && b.getString("thinking") != null && b.getString("signature") != null) {
          out.add(new ContentPart.Thinking(b.getString("thinking"), b.getString("signature")));
        } else if (type.equals("redacted_thinking") && b.getString("data") != null) {
          out.add(new ContentPart.RedactedThinking(b.getString("data")));
        } else {
          return null;
        }
      }
      return out;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
