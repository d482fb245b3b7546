package dev.llmrouter.convert.claude;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseFrames;
import dev.llmrouter.convert.internal.AbstractStreamEncoder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Common stream events into a valid Anthropic Messages stream: {@code message_start} first (made
 * up when the upstream had none), one index per block, every block closed, {@code message_delta}
 * with the stop reason and cumulative usage, then {@code message_stop}. Not thread-safe; one per
 * stream.
 */
final class ClaudeStreamEncoder extends AbstractStreamEncoder {
  private final Map<Integer, Integer> indexes = new HashMap<>();
  /** Open client blocks, client index to header. */
  private final Map<Integer, ContentPart> open = new LinkedHashMap<>();
  private int nextIndex;

  ClaudeStreamEncoder(ConvertContext ctx) {
    super(ctx, Protocol.CLAUDE);
  }

  @Override
  protected void blockStart(StreamEvent.BlockStart b, List<byte[]> out) {
    int index = nextIndex++;
    indexes.put(b.index(), index);
    open.put(index, b.block());
    JsonObject block = ClaudeBlocks.encode(b.block());
    if (b.block() instanceof ContentPart.ToolCall) block.put("input", new JsonObject());
    if (b.block() instanceof ContentPart.Thinking) block.put("signature", "");
    out.add(frame("content_block_start", new JsonObject().put("type", "content_block_start").put("index", index)
        .put("content_block", block)));
  }

  @Override
  protected void textDelta(StreamEvent.TextDelta d, List<byte[]> out) {
    delta(out, d.index(), new JsonObject().put("type", "text_delta").put("text", d.text()));
  }

  @Override
  protected void thinkingDelta(StreamEvent.ThinkingDelta d, List<byte[]> out) {
    delta(out, d.index(), new JsonObject().put("type", "thinking_delta").put("thinking", d.text()));
  }

  @Override
  protected void toolArgsDelta(StreamEvent.ToolArgsDelta d, List<byte[]> out) {
    delta(out, d.index(), new JsonObject().put("type", "input_json_delta").put("partial_json", d.partialJson()));
  }

  @Override
  protected void signatureDelta(StreamEvent.SignatureDelta d, List<byte[]> out) {
    Integer index = indexes.get(d.index());
    if (index != null && open.get(index) instanceof ContentPart.Thinking) {
      delta(out, d.index(), new JsonObject().put("type", "signature_delta").put("signature", d.signature()));
    }
  }

  @Override
  protected void blockStop(StreamEvent.BlockStop b, List<byte[]> out) {
    Integer index = indexes.get(b.index());
    if (index != null && open.remove(index) != null) out.add(stopFrame(index));
  }

  @Override
  protected void writeError(StreamEvent.Error err, List<byte[]> out) {
    JsonObject body = new JsonObject().put("type", "error").put("error",
        new JsonObject().put("type", err.type() == null ? "api_error" : err.type()).put("message", err.message()));
    out.add(frame("error", body));
  }

  @Override
  protected void writeStart(List<byte[]> out) {
    Usage u = usage() == null ? Usage.NONE : usage();
    JsonObject message = new JsonObject().put("id", "msg_" + ctx.ids().get()).put("type", "message")
        .put("role", "assistant").put("model", clientModel()).put("content", new JsonArray())
        .put("stop_reason", JsonNull.INSTANCE).put("stop_sequence", JsonNull.INSTANCE)
        .put("usage", ClaudeBlocks.encodeUsage(new Usage(u.inputTokens(), u.outputTokens(), u.cacheReadTokens(),
            u.cacheCreationTokens(), 0, false)));
    out.add(frame("message_start", new JsonObject().put("type", "message_start").put("message", message)));
  }

  private void delta(List<byte[]> out, int decoderIndex, JsonObject delta) {
    Integer index = indexes.get(decoderIndex);
    if (index == null || !open.containsKey(index)) return;
    out.add(frame("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", index)
        .put("delta", delta)));
  }

  private byte[] stopFrame(int index) {
    return frame("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", index));
  }

  @Override
  protected void writeEnd(List<byte[]> out) {
    start(out);
    for (Integer index : open.keySet()) out.add(stopFrame(index));
    open.clear();
    StopReason reason = stopReason() != null ? stopReason() : StopReason.END_TURN;
    String stopSequence = stopSequence();
    JsonObject delta = new JsonObject().put("stop_reason", reason.value())
        .put("stop_sequence", stopSequence == null ? JsonNull.INSTANCE : new JsonString(stopSequence));
    out.add(frame("message_delta", new JsonObject().put("type", "message_delta").put("delta", delta)
        .put("usage", ClaudeBlocks.encodeUsage(usage()))));
    out.add(frame("message_stop", new JsonObject().put("type", "message_stop")));
  }

  private byte[] frame(String type, JsonObject data) {
    return SseFrames.json(frames, type, data);
  }
}
