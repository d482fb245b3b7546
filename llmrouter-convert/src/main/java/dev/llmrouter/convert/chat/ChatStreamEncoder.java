package dev.llmrouter.convert.chat;

import java.util.Set;
import java.util.HashSet;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseFrames;
import dev.llmrouter.convert.internal.AbstractStreamEncoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common stream events into Chat Completions chunks: a role chunk first, content,
 * {@code reasoning_content} and {@code tool_calls[index]} deltas, a finish chunk, a usage chunk and
 * {@code data: [DONE]}. Not thread-safe; one per stream.
 */
final class ChatStreamEncoder extends AbstractStreamEncoder {
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  /** Tool blocks that have had no argument piece yet. */
  private final Set<Integer> noArgs = new HashSet<>();
  private String id;

  ChatStreamEncoder(ConvertContext ctx) {
    super(ctx, Protocol.OPENAI_CHAT);
  }

  /** Only a tool call's start has a chunk of its own; text and reasoning open the stream with their first piece. */
  @Override
  protected boolean startsOn(ContentPart block) {
    return block instanceof ContentPart.ToolCall;
  }

  @Override
  protected void blockStart(StreamEvent.BlockStart b, List<byte[]> out) {
    if (!(b.block() instanceof ContentPart.ToolCall c)) return;
    int k = toolIndexes.size();
    toolIndexes.put(b.index(), k);
    noArgs.add(b.index());
    JsonObject call = new JsonObject().put("index", k).put("id", c.id()).put("type", "function")
        .put("function", new JsonObject().put("name", c.name()).put("arguments", ""));
    out.add(chunk(new JsonObject().put("tool_calls", JsonArray.of(call)), null));
  }

  @Override
  protected void textDelta(StreamEvent.TextDelta d, List<byte[]> out) {
    start(out);
    out.add(chunk(new JsonObject().put("content", d.text()), null));
  }

  @Override
  protected void thinkingDelta(StreamEvent.ThinkingDelta d, List<byte[]> out) {
    start(out);
    out.add(chunk(new JsonObject().put("reasoning_content", d.text()), null));
  }

  @Override
  protected void toolArgsDelta(StreamEvent.ToolArgsDelta d, List<byte[]> out) {
    Integer k = toolIndexes.get(d.index());
    if (k != null && !d.partialJson().isEmpty()) {
      noArgs.remove(d.index());
      JsonObject call = new JsonObject().put("index", k).put("function", new JsonObject().put("arguments", d.partialJson()));
      out.add(chunk(new JsonObject().put("tool_calls", JsonArray.of(call)), null));
    }
  }

  @Override
  protected void blockStop(StreamEvent.BlockStop b, List<byte[]> out) {
    if (!noArgs.remove(b.index())) return;
    // A call without arguments (Anthropic sends no delta for an empty input) gets "{}".
    JsonObject call = new JsonObject().put("index", toolIndexes.get(b.index())).put("function", new JsonObject().put("arguments", "{}"));
    out.add(chunk(new JsonObject().put("tool_calls", JsonArray.of(call)), null));
  }

  @Override
  protected void writeError(StreamEvent.Error err, List<byte[]> out) {
    JsonObject error = new JsonObject().put("message", err.message()).put("type", err.type() == null ? "server_error" : err.type())
        .put("param", JsonNull.INSTANCE).put("code", JsonNull.INSTANCE);
    out.add(SseFrames.json(null, JsonObject.of("error", error)));
  }

  @Override
  protected void writeStart(List<byte[]> out) {
    id = "chatcmpl-" + ctx.ids().get();
    out.add(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
  }

  private byte[] chunk(JsonObject delta, String finish) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta)
        .put("finish_reason", finish == null ? JsonNull.INSTANCE : new JsonString(finish));
    return SseFrames.json(frames, null, base().put("choices", JsonArray.of(choice)));
  }

  private JsonObject base() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", 0)
        .put("model", clientModel());
  }

  @Override
  protected void writeEnd(List<byte[]> out) {
    start(out);
    out.add(chunk(new JsonObject(), ChatWire.finishReason(stopReason())));
    if (usage() != null) {
      JsonValue u = ChatWire.encodeUsage(usage());
      out.add(SseFrames.json(frames, null, base().put("choices", new JsonArray()).put("usage", u)));
    }
    out.add(SseFrames.data("[DONE]"));
  }
}
