package dev.llmrouter.convert.responses;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonStringPool;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.internal.DecoderState;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.StreamDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * OpenAI Responses SSE into common stream events: each output text part, reasoning item and
 * function call becomes a block; {@code response.completed} / {@code response.incomplete} end the
 * stream with usage and the stop reason; {@code response.failed} and {@code error} end it with an
 * error. Not thread-safe; one per stream.
 */
final class ResponsesStreamDecoder implements StreamDecoder {
  private final DecoderState state = new DecoderState();
  /** Shares the names and repeated values of this stream's events. */
  private final JsonStringPool strings = new JsonStringPool();
  /** "output_index" or "output_index:content_index" to our block index. */
  private final Map<String, Integer> blocks = new HashMap<>();
  private final Set<Integer> argsSeen = new HashSet<>();

  @Override
  public List<StreamEvent> onEvent(SseEvent event) {
    List<StreamEvent> out = new ArrayList<>();
    if (state.ended() || event.data() == null) return out;
    if (!(Jsons.tryParse(event.data(), strings) instanceof JsonObject data)) return out;
    String type = data.getString("type", event.event() == null ? "" : event.event());
    String item = Long.toString(data.getLong("output_index", 0));
    String part = item + ":" + data.getLong("content_index", 0);
    switch (type) {
      case "response.created":
      case "response.in_progress": {
        JsonObject r = Jsons.obj(data, "response");
        state.ensureStarted(out, r.getString("id"), r.getString("model"));
        break;
      }
      case "response.output_item.added": {
        state.ensureStarted(out, null, null);
        JsonObject it = Jsons.obj(data, "item");
        String itemType = it.getString("type", "");
        if (itemType.equals("function_call")) {
          int index = state.open(out, new ContentPart.ToolCall(it.getString("call_id", ""), it.getString("name", ""), "", null));
          blocks.put(item, index);
          String args = it.getString("arguments", "");
          if (!args.isEmpty()) {
            argsSeen.add(index);
            out.add(new StreamEvent.ToolArgsDelta(index, args));
          }
        } else if (itemType.equals("reasoning")) {
          blocks.put(item, state.open(out, new ContentPart.Thinking("", null)));
        }
        break;
      }
      case "response.content_part.added":
        textBlock(part, out);
        break;
      case "response.output_text.delta":
      case "response.refusal.delta":
        out.add(new StreamEvent.TextDelta(textBlock(part, out), data.getString("delta", "")));
        break;
      case "response.content_part.done": {
        Integer index = blocks.remove(part);
        if (index != null) state.close(out, index);
        break;
      }
      case "response.reasoning_summary_part.added": {
        Integer index = reasoningBlock(item, out);
        if (data.getLong("summary_index", 0) > 0) out.add(new StreamEvent.ThinkingDelta(index, "\n\n"));
        break;
      }
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        out.add(new StreamEvent.ThinkingDelta(reasoningBlock(item, out), data.getString("delta", "")));
        break;
      case "response.function_call_arguments.delta": {
        Integer index = blocks.get(item);
        if (index != null) {
          argsSeen.add(index);
          out.add(new StreamEvent.ToolArgsDelta(index, data.getString("delta", "")));
        }
        break;
      }
      case "response.output_item.done": {
        JsonObject it = Jsons.obj(data, "item");
        Integer index = blocks.remove(item);
        if (index != null) {
          String itemType = it.getString("type", "");
          if (itemType.equals("function_call") && !argsSeen.contains(index)) {
            String args = it.getString("arguments", "");
            if (!args.isEmpty()) out.add(new StreamEvent.ToolArgsDelta(index, args));
          }
          if (itemType.equals("reasoning") && it.getString("encrypted_content") != null) {
            out.add(new StreamEvent.SignatureDelta(index, it.getString("encrypted_content")));
          }
          state.close(out, index);
        }
        // A message item's text parts close with it.
        blocks.keySet().removeIf(k -> {
          if (!k.startsWith(item + ":")) return false;
          state.close(out, blocks.get(k));
          return true;
        });
        break;
      }
      case "response.completed":
      case "response.incomplete": {
        state.ensureStarted(out, null, null);
        JsonObject r = Jsons.obj(data, "response");
        state.closeAll(out);
        blocks.clear();
        if (r.getObject("usage") != null) state.usage(out, UsageReaders.responses(r.getObject("usage")));
        state.stop(out, ResponsesWire.stopReason(r, state.sawToolCall()), null);
        state.end(out);
        break;
      }
      case "response.failed": {
        JsonObject error = Jsons.obj(Jsons.obj(data, "response"), "error");
        state.error(out, error.getString("code", "server_error"), error.getString("message", "upstream response failed"));
        break;
      }
      case "error":
        state.error(out, data.getString("code", "server_error"), data.getString("message", "upstream error"));
        break;
      default:
        break;
    }
    return out;
  }

  private int textBlock(String key, List<StreamEvent> out) {
    state.ensureStarted(out, null, null);
    Integer index = blocks.get(key);
    if (index == null) {
      index = state.open(out, ContentPart.Text.of(""));
      blocks.put(key, index);
    }
    return index;
  }

  private int reasoningBlock(String key, List<StreamEvent> out) {
    state.ensureStarted(out, null, null);
    Integer index = blocks.get(key);
    if (index == null) {
      index = state.open(out, new ContentPart.Thinking("", null));
      blocks.put(key, index);
    }
    return index;
  }

  @Override
  public List<StreamEvent> finish() {
    List<StreamEvent> out = new ArrayList<>();
    state.truncate(out);
    return out;
  }
}
