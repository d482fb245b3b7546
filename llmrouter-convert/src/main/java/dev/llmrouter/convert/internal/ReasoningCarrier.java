package dev.llmrouter.convert.internal;

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
 * The {@code encrypted_content} of a Responses {@code reasoning} item made from another vendor's
 * reasoning, so that a client that sends the item back (Codex does, with
 * {@code include: ["reasoning.encrypted_content"]}) gives that vendor its reasoning back exactly:
 * an Anthropic thinking block with its text and signature, a redacted thinking block, or a Gemini
 * thought signature that belongs on the function call after the item. The value is
 * {@code llmr1.} and the base64url of a small JSON array; anything else (OpenAI's own encrypted
 * content) is not ours and is left alone. Stateless.
 */
public final class ReasoningCarrier {
  private static final String PREFIX = "llmr1.";
  /** Entry type of a Gemini thought signature that belongs on the next function call. */
  public static final String CALL_SIGNATURE = "call_signature";

  private ReasoningCarrier() {}

  /**
   * Encodes one reasoning part.
   *
   * @param part a {@link ContentPart.Thinking} or {@link ContentPart.RedactedThinking}
   * @return the encrypted content, or null for a thinking part without a signature (nothing to keep)
   */
  public static String encode(ContentPart part) {
    JsonObject e;
    if (part instanceof ContentPart.Thinking th) {
      if (th.signature() == null || th.signature().isEmpty()) return null;
      e = new JsonObject().put("type", "thinking").put("thinking", th.text()).put("signature", th.signature());
    } else if (part instanceof ContentPart.RedactedThinking r) {
      e = new JsonObject().put("type", "redacted_thinking").put("data", r.data());
    } else {
      return null;
    }
    return wrap(e);
  }

  /**
   * Encodes a Gemini thought signature that belongs on a function call.
   *
   * @param signature the signature
   * @return the encrypted content
   */
  public static String callSignature(String signature) {
    return wrap(new JsonObject().put("type", CALL_SIGNATURE).put("signature", signature));
  }

  private static String wrap(JsonObject entry) {
    byte[] json = Json.writeString(JsonArray.of(entry)).getBytes(StandardCharsets.UTF_8);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
  }

  /**
   * Decodes what {@link #encode} and {@link #callSignature} made.
   *
   * @param encrypted the item's encrypted content, or null
   * @return the parts ({@link ContentPart.Thinking}, {@link ContentPart.RedactedThinking}, or for a
   *     call signature a {@link ContentPart.Thinking} with empty text whose signature is
   *     {@link #CALL_SIGNATURE}-marked by {@link #isCallSignature}), or null when the content is not ours
   */
  public static List<ContentPart> decode(String encrypted) {
    if (encrypted == null || !encrypted.startsWith(PREFIX)) return null;
    JsonValue v;
    try {
      v = Jsons.tryParse(new String(Base64.getUrlDecoder().decode(encrypted.substring(PREFIX.length())),
          StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!(v instanceof JsonArray a)) return null;
    List<ContentPart> out = new ArrayList<>();
    for (JsonValue x : a) {
      if (!(x instanceof JsonObject o)) continue;
      switch (o.getString("type", "")) {
        case "thinking":
          out.add(new ContentPart.Thinking(o.getString("thinking", ""), o.getString("signature", "")));
          break;
        case "redacted_thinking":
          out.add(new ContentPart.RedactedThinking(o.getString("data", "")));
          break;
        case CALL_SIGNATURE:
          out.add(new CallSignature(o.getString("signature", "")).asPart());
          break;
        default:
          break;
      }
    }
    return out;
  }

  /**
   * Tells a decoded call signature from real thinking.
   *
   * @param part a decoded part
   * @return the signature when the part is a carried call signature, else null
   */
  public static String isCallSignature(ContentPart part) {
    if (part instanceof ContentPart.Thinking th && th.text().equals(CallSignature.MARK) && th.signature() != null) {
      return th.signature();
    }
    return null;
  }

  /** A carried call signature, represented in decoded lists as thinking with a marker text. */
  private record CallSignature(String signature) {
    static final String MARK = "\u0000" + CALL_SIGNATURE;

    ContentPart asPart() {
      return new ContentPart.Thinking(MARK, signature);
    }
  }
}
