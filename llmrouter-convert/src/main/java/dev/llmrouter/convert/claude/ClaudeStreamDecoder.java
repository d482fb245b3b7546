package dev.llmrouter.convert.claude;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonStringPool;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.internal.DecoderState;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.StreamDecoder;
import java.util.ArrayList;
import dev.llmrouter.api.convert.ConvertContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Anthropic Messages SSE into common stream events. Blocks Anthropic adds that the common model
 * cannot carry (server tool blocks, citations) are skipped. Not thread-safe; one per stream.
 */
final class ClaudeStreamDecoder implements StreamDecoder {
  private final DecoderState state = new DecoderState();
  /** Shares the names and repeated values of this stream's events. */
  private final JsonStringPool strings = new JsonStringPool();
  /** Upstream block index to our index; absent for skipped blocks. */
  private final Map<Long, Integer> blocks = new HashMap<>();
  /** Upstream indexes of the forced structured-output tool's blocks, streamed as text. */
  private final Set<Long> answerBlocks = new HashSet<>();
  private final ConvertContext ctx;
  private Usage usage;

  ClaudeStreamDecoder(ConvertContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public List<StreamEvent> onEvent(SseEvent event) {
    List<StreamEvent> out = new ArrayList<>();
    if (state.ended() || event.data() == null) return out;
    JsonObject data = Jsons.tryParse(event.data(), strings) instanceof JsonObject o ? o : null;
    if (data == null) return out;
    String type = data.getString("type", event.event() == null ? "" : event.event());
    switch (type) {
      case "message_start": {
        JsonObject message = Jsons.obj(data, "message");
        usage = UsageReaders.claude(message.getObject("usage"));
        if (usage != null) state.usage(new ArrayList<>(), usage);
        state.ensureStarted(out, message.getString("id"), message.getString("model"));
        break;
      }
      case "content_block_start": {
        state.ensureStarted(out, null, null);
        JsonObject block = Jsons.obj(data, "content_block");
        long upstreamIndex = data.getLong("index", -1);
        ContentPart header = header(block);
        if (header == null) break;
        // The forced structured-output tool's input streams as the answer's text.
        if (header instanceof ContentPart.ToolCall c && c.name().equals(ctx.notes().answerTool())) {
          header = ContentPart.Text.of("");
          answerBlocks.add(upstreamIndex);
        }
        int index = state.open(out, header);
        blocks.put(upstreamIndex, index);
        String text = block.getString("text");
        if (header instanceof ContentPart.Text && text != null && !text.isEmpty()) out.add(new StreamEvent.TextDelta(index, text));
        String thinking = block.getString("thinking");
        if (header instanceof ContentPart.Thinking && thinking != null && !thinking.isEmpty()) {
          out.add(new StreamEvent.ThinkingDelta(index, thinking));
        }
        break;
      }
      case "content_block_delta": {
        Integer index = blocks.get(data.getLong("index", -1));
        if (index == null || !state.isOpen(index)) break;
        JsonObject delta = Jsons.obj(data, "delta");
        String dt = delta.getString("type", "");
        if (dt.equals("text_delta")) out.add(new StreamEvent.TextDelta(index, delta.getString("text", "")));
        else if (dt.equals("input_json_delta") && answerBlocks.contains(data.getLong("index", -1))) {
          out.add(new StreamEvent.TextDelta(index, delta.getString("partial_json", "")));
        } else if (dt.equals("input_json_delta")) {
          out.add(new StreamEvent.ToolArgsDelta(index, delta.getString("partial_json", "")));
        }
        else if (dt.equals("thinking_delta")) out.add(new StreamEvent.ThinkingDelta(index, delta.getString("thinking", "")));
        else if (dt.equals("signature_delta")) out.add(new StreamEvent.SignatureDelta(index, delta.getString("signature", "")));
        break;
      }
      case "content_block_stop": {
        Integer index = blocks.get(data.getLong("index", -1));
        if (index != null) state.close(out, index);
        break;
      }
      case "message_delta": {
        state.ensureStarted(out, null, null);
        JsonObject u = data.getObject("usage");
        if (u != null) {
          // usage in message_delta is cumulative: a count it carries replaces the earlier value.
          usage = UsageReaders.claude(usage, u);
          state.usage(out, usage);
        }
        JsonObject delta = Jsons.obj(data, "delta");
        String reason = delta.getString("stop_reason");
        StopReason stop = reason == null ? null : StopReason.of(reason);
        if (stop != null && !answerBlocks.isEmpty() && StopReason.TOOL_USE.equals(stop)) stop = StopReason.END_TURN;
        if (stop != null) state.stop(out, stop, delta.getString("stop_sequence"));
        break;
      }
      case "message_stop":
        state.ensureStarted(out, null, null);
        state.end(out);
        break;
      case "error": {
        JsonObject error = Jsons.obj(data, "error");
        state.error(out, error.getString("type", "api_error"), error.getString("message", "upstream error"));
        break;
      }
      default:
        break;
    }
    return out;
  }

  private static ContentPart header(JsonObject block) {
    switch (block.getString("type", "")) {
      case "text":
        return ContentPart.Text.of("");
      case "thinking":
        return new ContentPart.Thinking("", null);
      case "redacted_thinking":
        return new ContentPart.RedactedThinking(block.getString("data", ""));
      case "tool_use":
        return new ContentPart.ToolCall(block.getString("id", ""), block.getString("name", ""), "", null);
      default:
        return null;
    }
  }

  @Override
  public List<StreamEvent> finish() {
    List<StreamEvent> out = new ArrayList<>();
    state.truncate(out);
    return out;
  }
}
