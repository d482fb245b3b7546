package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.convert.internal.Jsons;
import java.util.ArrayList;
import java.util.List;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Gemini answers ({@code candidates[0]}) to and from the common model. Function calls get fresh
 * unique ids on the way in (or keep Gemini's optional {@code id}); on the way out they carry their
 * id so the client can send it back with the result, and a thought signature (their own, the signed
 * reasoning before them packed by {@link ThoughtCarry}, or Gemini's documented skip value).
 * Stateless.
 */
final class GeminiResponseCodec {
  private GeminiResponseCodec() {}

  static ChatResponse decode(JsonObject body, ConvertContext ctx) {
    ChatResponse.Builder b = ChatResponse.builder().id(body.getString("responseId"))
        .model(body.getString("modelVersion")).usage(UsageReaders.gemini(body.getObject("usageMetadata")));
    JsonArray candidates = Jsons.arr(body, "candidates");
    if (candidates.isEmpty() || !(candidates.get(0) instanceof JsonObject candidate)) {
      if (Jsons.obj(body, "promptFeedback").has("blockReason")) b.stopReason(StopReason.REFUSAL);
      return b.build();
    }
    boolean calls = false;
    for (JsonValue v : Jsons.arr(Jsons.obj(candidate, "content"), "parts")) {
      if (!(v instanceof JsonObject part)) continue;
      ContentPart p = decodePart(part, ctx);
      if (p instanceof ContentPart.ToolCall) calls = true;
      if (p != null) b.addContent(p);
    }
    StopReason stop = GeminiParts.stopReason(candidate.getString("finishReason"));
    if (calls && (stop == null || StopReason.END_TURN.equals(stop))) stop = StopReason.TOOL_USE;
    return b.stopReason(stop).build();
  }

  static ContentPart decodePart(JsonObject part, ConvertContext ctx) {
    JsonObject call = part.getObject("functionCall");
    if (call != null) {
      String id = call.getString("id");
      JsonValue args = call.get("args");
      return new ContentPart.ToolCall(id == null || id.isEmpty() ? "call_" + ctx.ids().get() : id,
          call.getString("name", ""), args == null ? "{}" : Json.writeString(args), GeminiParts.signature(part));
    }
    return GeminiParts.decodeSimple(part, "part", false);
  }

  static JsonObject encode(ChatResponse r, ConvertContext ctx) {
    JsonArray parts = new JsonArray();
    List<ContentPart> signed = new ArrayList<>();
    for (ContentPart p : r.content()) {
      if (ThoughtCarry.carries(p)) signed.add(p);
      String carried = null;
      if (p instanceof ContentPart.ToolCall && !signed.isEmpty()) {
        carried = ThoughtCarry.pack(signed);
        signed.clear();
      }
      JsonObject part = encodePart(p, carried);
      if (part != null) parts.add(part);
    }
    JsonObject candidate = new JsonObject().put("content", new JsonObject().put("role", "model").put("parts", parts))
        .put("finishReason", GeminiParts.finishReason(r.stopReason())).put("index", 0);
    JsonObject out = new JsonObject().put("candidates", JsonArray.of(candidate));
    if (r.usage() != null) out.put("usageMetadata", GeminiParts.encodeUsage(r.usage()));
    return out.put("modelVersion", Jsons.clientModel(ctx, r.model())).put("responseId", ctx.ids().get());
  }

  /**
   * Encodes one answer part.
   *
   * @param carried for a function call without a signature of its own, the {@link ThoughtCarry}
   *     packing of the signed reasoning before it, or null
   */
  static JsonObject encodePart(ContentPart p, String carried) {
    if (p instanceof ContentPart.ToolCall c) {
      JsonObject part = new JsonObject().put("functionCall", new JsonObject().put("id", c.id()).put("name", c.name())
          .put("args", Jsons.argumentsObject(c.arguments())));
      // A call that came without a signature carries the reasoning before it (see ThoughtCarry), or
      // Gemini's skip value, so the client can send it back to a Gemini upstream that validates signatures.
      String sig = c.signature() != null && !c.signature().isEmpty() ? c.signature()
          : carried != null ? carried : GeminiParts.DUMMY_SIGNATURE;
      part.put("thoughtSignature", sig);
      return part;
    }
    return GeminiParts.encodeSimple(p);
  }
}
