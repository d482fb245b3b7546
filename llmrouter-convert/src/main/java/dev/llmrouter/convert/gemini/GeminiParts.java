package dev.llmrouter.convert.gemini;

import java.util.Locale;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.UsageMath;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini parts, finish reasons and usage. A {@code functionResponse.response} must be an object:
 * a text result is sent as {@code {"output": text}} and an error result as {@code {"error": text}}
 * (Gemini's documented keys); a text that is itself a JSON object is sent as that object. On the way
 * in, a single {@code output} or {@code result} string becomes plain text again. Stateless.
 */
final class GeminiParts {
  /** Gemini's documented value that skips thought-signature validation. */
  static final String DUMMY_SIGNATURE = "skip_thought_signature_validator";

  private GeminiParts() {}

  static String signature(JsonObject part) {
    String s = part.getString("thoughtSignature");
    return s != null ? s : part.getString("thought_signature");
  }

  /** Decodes a part except function calls and responses (which need id pairing); null for those. */
  static ContentPart decodeSimple(JsonObject part, String path, boolean strict) {
    String sig = signature(part);
    if (part.has("text")) {
      String text = part.getString("text", "");
      return part.getBoolean("thought", false) ? new ContentPart.Thinking(text, sig) : new ContentPart.Text(text, sig);
    }
    JsonObject inline = part.getObject("inlineData");
    if (inline != null) {
      String mime = inline.getString("mimeType", "application/octet-stream");
      String data = inline.getString("data", "");
      return mime.startsWith("image/") ? ContentPart.Image.base64(mime, data) : new ContentPart.Document(mime, data, null, null, null);
    }
    JsonObject file = part.getObject("fileData");
    if (file != null) {
      String mime = file.getString("mimeType");
      String uri = file.getString("fileUri", "");
      return mime != null && mime.startsWith("image/") ? new ContentPart.Image(mime, null, uri)
          : new ContentPart.Document(mime, null, null, uri, null);
    }
    if (strict && !part.has("functionCall") && !part.has("functionResponse")) {
      throw Jsons.badRequest(path + ": this kind of part cannot be sent to this channel: " + part.names());
    }
    return null;
  }

  static List<ContentPart> resultContent(JsonValue response) {
    List<ContentPart> content = new ArrayList<>();
    if (response instanceof JsonObject o && o.size() == 1) {
      for (String key : List.of("output", "result", "error")) {
        if (o.getString(key) != null) {
          content.add(ContentPart.Text.of(o.getString(key)));
          return content;
        }
      }
    }
    content.add(ContentPart.Text.of(response == null ? "" : Json.writeString(response)));
    return content;
  }

  static boolean resultIsError(JsonValue response) {
    return response instanceof JsonObject o && o.size() == 1 && o.has("error");
  }

  static JsonObject resultObject(ContentPart.ToolResult r) {
    String text = r.text();
    // Only a JSON object is sent as it is: other texts (file contents, logs) are not parsed at all.
    JsonValue parsed = !r.isError() && startsLikeObject(text) ? Jsons.tryParse(text) : null;
    if (parsed instanceof JsonObject o) return o;
    return new JsonObject().put(r.isError() ? "error" : "output", text);
  }

  /** {@return true when the first character after JSON whitespace is an opening brace} */
  static boolean startsLikeObject(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c == '{';
    }
    return false;
  }

  /** Encodes text-like parts and media, or returns null (tool calls and results are done by the caller). */
  static JsonObject encodeSimple(ContentPart p) {
    if (p instanceof ContentPart.Text t) {
      JsonObject o = new JsonObject().put("text", t.text());
      if (t.signature() != null) o.put("thoughtSignature", t.signature());
      return o;
    }
    if (p instanceof ContentPart.Thinking th) {
      JsonObject o = new JsonObject().put("text", th.text()).put("thought", true);
      if (th.signature() != null && !th.signature().isEmpty()) o.put("thoughtSignature", th.signature());
      return o;
    }
    if (p instanceof ContentPart.Image img) {
      if (img.data() != null) return inline(img.mediaType(), img.data());
      return file(img.mediaType() != null ? img.mediaType() : guessImageType(img.url()), img.url());
    }
    if (p instanceof ContentPart.Document d) {
      if (d.text() != null) return new JsonObject().put("text", d.text());
      if (d.data() != null) return inline(d.mediaType(), d.data());
      return file(d.mediaType() != null ? d.mediaType() : "application/pdf", d.url());
    }
    return null;
  }

  private static JsonObject inline(String mime, String data) {
    return new JsonObject().put("inlineData", new JsonObject().put("mimeType", mime).put("data", data));
  }

  private static JsonObject file(String mime, String uri) {
    return new JsonObject().put("fileData", new JsonObject().put("mimeType", mime).put("fileUri", uri));
  }

  private static String guessImageType(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.endsWith(".png")) return "image/png";
    if (u.endsWith(".gif")) return "image/gif";
    if (u.endsWith(".webp")) return "image/webp";
    return "image/jpeg";
  }

  static StopReason stopReason(String finish) {
    if (finish == null || finish.isEmpty() || finish.equals("FINISH_REASON_UNSPECIFIED")) return null;
    switch (finish) {
      case "STOP": return StopReason.END_TURN;
      case "MAX_TOKENS": return StopReason.MAX_TOKENS;
      case "SAFETY":
      case "PROHIBITED_CONTENT":
      case "BLOCKLIST":
      case "SPII":
      case "IMAGE_SAFETY":
        return StopReason.REFUSAL;
      default: return StopReason.of(finish);
    }
  }

  static String finishReason(StopReason reason) {
    if (reason == null) return "STOP";
    switch (reason.value()) {
      case "end_turn":
      case "stop_sequence":
      case "tool_use":
      case "pause_turn":
        return "STOP";
      case "max_tokens": return "MAX_TOKENS";
      case "refusal": return "SAFETY";
      default: return reason.value();
    }
  }

  static JsonObject encodeUsage(Usage u) {
    long prompt = UsageMath.promptTotal(u);
    long candidates = Math.max(0, u.outputTokens() - u.reasoningTokens());
    JsonObject o = new JsonObject().put("promptTokenCount", prompt).put("candidatesTokenCount", candidates)
        .put("totalTokenCount", prompt + u.outputTokens());
    if (u.cacheReadTokens() > 0) o.put("cachedContentTokenCount", u.cacheReadTokens());
    if (u.reasoningTokens() > 0) o.put("thoughtsTokenCount", u.reasoningTokens());
    return o;
  }
}
