package dev.llmrouter.convert.responses;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.convert.internal.Jsons;
import java.util.List;
import dev.llmrouter.convert.internal.ReasoningCarrier;
import dev.llmrouter.convert.internal.ToolShapes;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Responses answers to and from the common model. An answer made here gets the id
 * {@code resp_<fresh id>}, {@code status} {@code incomplete} with its reason when the model stopped
 * at the token limit or a filter, and output items of the standard shapes. Stateless.
 */
final class ResponsesResponseCodec {
  private ResponsesResponseCodec() {}

  static ChatResponse decode(JsonObject body) {
    ChatResponse.Builder b = ChatResponse.builder().id(body.getString("id")).model(body.getString("model"))
        .usage(UsageReaders.responses(body.getObject("usage")));
    boolean calls = false;
    for (JsonValue v : Jsons.arr(body, "output")) {
      if (!(v instanceof JsonObject item)) continue;
      ContentPart call = decodeItem(item, b);
      if (call != null) calls = true;
    }
    return b.stopReason(ResponsesWire.stopReason(body, calls)).build();
  }

  /** Adds an output item's parts; returns the tool call when the item is one. */
  static ContentPart decodeItem(JsonObject item, ChatResponse.Builder b) {
    switch (item.getString("type", "")) {
      case "message":
        for (JsonValue c : Jsons.arr(item, "content")) {
          if (!(c instanceof JsonObject part)) continue;
          String text = "refusal".equals(part.getString("type")) ? part.getString("refusal") : part.getString("text");
          if (text != null) b.addContent(ContentPart.Text.of(text));
        }
        return null;
      case "custom_tool_call": {
        ContentPart.ToolCall call = new ContentPart.ToolCall(item.getString("call_id", ""), item.getString("name", ""),
            ToolShapes.wrapInput(item.getString("input", "")), null);
        b.addContent(call);
        return call;
      }
      case "function_call": {
        ContentPart.ToolCall call = new ContentPart.ToolCall(item.getString("call_id", ""), item.getString("name", ""),
            item.getString("arguments", ""), null);
        b.addContent(call);
        return call;
      }
      case "reasoning": {
        List<ContentPart> carried = ReasoningCarrier.decode(item.getString("encrypted_content"));
        if (carried != null) {
          for (ContentPart p : carried) if (ReasoningCarrier.isCallSignature(p) == null) b.addContent(p);
          return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonValue s : Jsons.arr(item, "summary")) {
          if (s instanceof JsonObject so && so.getString("text") != null) {
            if (text.length() > 0) text.append("\n\n");
            text.append(so.getString("text"));
          }
        }
        String sig = item.getString("encrypted_content");
        if (text.length() > 0 || sig != null) b.addContent(new ContentPart.Thinking(text.toString(), sig));
        return null;
      }
      default:
        return null;
    }
  }

  static JsonObject encode(ChatResponse r, ConvertContext ctx) {
    String id = "resp_" + ctx.ids().get();
    JsonArray output = new JsonArray();
    JsonArray texts = new JsonArray();
    for (ContentPart p : r.content()) {
      if (p instanceof ContentPart.Text t) {
        texts.add(ResponsesWire.outputText(t.text()));
        continue;
      }
      flushMessage(texts, output, ctx);
      if (p instanceof ContentPart.ToolCall c) {
        if (c.signature() != null) {
          output.add(ResponsesWire.reasoningItem("rs_" + ctx.ids().get(), null, ReasoningCarrier.callSignature(c.signature())));
        }
        String type = ctx.notes().toolType(c.name());
        output.add(ResponsesWire.callItem(ctx.notes(), ResponsesWire.callIdPrefix(type) + ctx.ids().get(), "completed", c, c.arguments()));
      } else if (p instanceof ContentPart.Thinking || p instanceof ContentPart.RedactedThinking) {
        output.add(ResponsesWire.carriedReasoningItem("rs_" + ctx.ids().get(), p));
      }
    }
    flushMessage(texts, output, ctx);
    return ResponsesWire.response(id, Jsons.clientModel(ctx, r.model()), ResponsesWire.status(r.stopReason()),
        r.stopReason(), output, r.usage());
  }

  private static void flushMessage(JsonArray texts, JsonArray output, ConvertContext ctx) {
    if (texts.isEmpty()) return;
    output.add(ResponsesWire.messageItem("msg_" + ctx.ids().get(), "completed", new JsonArray(texts.items())));
    texts.items().clear();
  }
}
