package dev.llmrouter.convert.claude;

import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.usage.UsageReaders;

/** Anthropic Messages answers to and from the common model. Stateless. */
final class ClaudeResponseCodec {
  private ClaudeResponseCodec() {}

  static ChatResponse decode(JsonObject body, ConvertContext ctx) {
    ChatResponse.Builder b = ChatResponse.builder().id(body.getString("id")).model(body.getString("model"))
        .stopReason(StopReason.of(body.getString("stop_reason"))).stopSequence(body.getString("stop_sequence"))
        .usage(UsageReaders.claude(body.getObject("usage")));
    JsonArray content = Jsons.arr(body, "content");
    boolean answered = false;
    for (int i = 0; i < content.size(); i++) {
      ContentPart p = ClaudeBlocks.decode(content.get(i), "content[" + i + "]", false);
      // The forced structured-output tool's input is the answer.
      if (p instanceof ContentPart.ToolCall c && c.name().equals(ctx.notes().answerTool())) {
        p = ContentPart.Text.of(c.arguments());
        answered = true;
      }
      if (p != null) b.addContent(p);
    }
    if (answered && StopReason.TOOL_USE.equals(StopReason.of(body.getString("stop_reason")))) b.stopReason(StopReason.END_TURN);
    return b.build();
  }

  static JsonObject encode(ChatResponse r, ConvertContext ctx) {
    JsonArray content = new JsonArray();
    for (ContentPart p : r.content()) {
      JsonObject block = ClaudeBlocks.encode(p);
      if (block != null) content.add(block);
    }
    StopReason stop = r.stopReason() != null ? r.stopReason() : StopReason.END_TURN;
    return new JsonObject().put("id", "msg_" + ctx.ids().get()).put("type", "message").put("role", "assistant")
        .put("model", Jsons.clientModel(ctx, r.model())).put("content", content).put("stop_reason", stop.value())
        .put("stop_sequence", r.stopSequence() == null ? JsonNull.INSTANCE : new JsonString(r.stopSequence()))
        .put("usage", ClaudeBlocks.encodeUsage(r.usage()));
  }
}
