package dev.llmrouter.convert.chat;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.ToolShapes;
import dev.llmrouter.convert.usage.UsageReaders;

/** Chat Completions answers ({@code choices[0]}) to and from the common model. Stateless. */
final class ChatResponseCodec {
  private ChatResponseCodec() {}

  static ChatResponse decode(JsonObject body) {
    ChatResponse.Builder b = ChatResponse.builder().id(body.getString("id")).model(body.getString("model"))
        .usage(UsageReaders.chat(body.getObject("usage")));
    JsonArray choices = Jsons.arr(body, "choices");
    if (choices.isEmpty() || !(choices.get(0) instanceof JsonObject choice)) return b.build();
    JsonObject message = Jsons.obj(choice, "message");
    String reasoning = message.getString("reasoning_content");
    if (reasoning != null && !reasoning.isEmpty()) b.addContent(new ContentPart.Thinking(reasoning, null));
    for (ContentPart p : ChatRequestCodec.decodeContent(message.get("content"), "choices[0].message.content")) {
      if (!(p instanceof ContentPart.Text t) || !t.text().isEmpty()) b.addContent(p);
    }
    String refusal = message.getString("refusal");
    if (refusal != null && !refusal.isEmpty()) b.addContent(ContentPart.Text.of(refusal));
    boolean calls = false;
    for (var v : Jsons.arr(message, "tool_calls")) {
      if (!(v instanceof JsonObject call)) continue;
      JsonObject custom = call.getObject("custom");
      if (custom != null) {
        b.addContent(new ContentPart.ToolCall(call.getString("id", ""), custom.getString("name", ""),
            ToolShapes.wrapInput(custom.getString("input", "")), null));
        calls = true;
        continue;
      }
      JsonObject fn = Jsons.obj(call, "function");
      b.addContent(new ContentPart.ToolCall(call.getString("id", ""), fn.getString("name", ""),
          fn.getString("arguments", ""), null));
      calls = true;
    }
    StopReason stop = ChatWire.stopReason(choice.getString("finish_reason"));
    // Some relays answer tool calls with finish_reason "stop".
    if (calls && StopReason.END_TURN.equals(stop)) stop = StopReason.TOOL_USE;
    return b.stopReason(stop).build();
  }

  static JsonObject encode(ChatResponse r, ConvertContext ctx) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    JsonArray calls = new JsonArray();
    for (ContentPart p : r.content()) {
      if (p instanceof ContentPart.Text t) {
        text.append(t.text());
      } else if (p instanceof ContentPart.Thinking th) {
        reasoning.append(th.text());
      } else if (p instanceof ContentPart.ToolCall c) {
        calls.add(new JsonObject().put("id", c.id()).put("type", "function").put("function",
            new JsonObject().put("name", c.name()).put("arguments", c.arguments())));
      }
    }
    JsonObject message = new JsonObject().put("role", "assistant")
        .put("content", text.length() == 0 && !calls.isEmpty() ? JsonNull.INSTANCE : new JsonString(text.toString()));
    if (reasoning.length() > 0) message.put("reasoning_content", reasoning.toString());
    if (!calls.isEmpty()) message.put("tool_calls", calls);
    JsonObject choice = new JsonObject().put("index", 0).put("message", message)
        .put("finish_reason", ChatWire.finishReason(r.stopReason()));
    JsonObject out = new JsonObject().put("id", "chatcmpl-" + ctx.ids().get()).put("object", "chat.completion")
        .put("created", 0).put("model", Jsons.clientModel(ctx, r.model())).put("choices", JsonArray.of(choice));
    if (r.usage() != null) out.put("usage", ChatWire.encodeUsage(r.usage()));
    return out;
  }
}
