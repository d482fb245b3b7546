package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.JsonStringPool;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.internal.DecoderState;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.StreamDecoder;
import java.util.ArrayList;
import java.util.List;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Gemini streamGenerateContent ({@code alt=sse}) chunks into common stream events. Thought parts
 * become thinking blocks (never answer text), each function call becomes a complete tool block
 * with a fresh id, and the chunk with {@code finishReason} ends the stream with its usage. Not
 * thread-safe; one per stream.
 */
final class GeminiStreamDecoder implements StreamDecoder {
  private final ConvertContext ctx;
  private final DecoderState state = new DecoderState();
  /** Shares the names and repeated values of this stream's events. */
  private final JsonStringPool strings = new JsonStringPool();

  GeminiStreamDecoder(ConvertContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public List<StreamEvent> onEvent(SseEvent event) {
    List<StreamEvent> out = new ArrayList<>();
    if (state.ended() || event.data() == null) return out;
    JsonValue parsed = Jsons.tryParse(event.data(), strings);
    if (parsed instanceof JsonArray a && a.size() == 1) parsed = a.get(0);
    if (!(parsed instanceof JsonObject chunk)) return out;
    JsonObject error = chunk.getObject("error");
    if (error != null) {
      state.error(out, error.getString("status", "api_error"), error.getString("message", "upstream error"));
      return out;
    }
    state.ensureStarted(out, chunk.getString("responseId"), chunk.getString("modelVersion"));
    JsonArray candidates = Jsons.arr(chunk, "candidates");
    String finish = null;
    if (!candidates.isEmpty() && candidates.get(0) instanceof JsonObject candidate) {
      for (JsonValue v : Jsons.arr(Jsons.obj(candidate, "content"), "parts")) {
        if (v instanceof JsonObject part) part(part, out);
      }
      finish = candidate.getString("finishReason");
    } else if (Jsons.obj(chunk, "promptFeedback").has("blockReason")) {
      finish = "SAFETY";
    }
    JsonObject usage = chunk.getObject("usageMetadata");
    if (usage != null) state.usage(out, UsageReaders.gemini(usage));
    StopReason reason = GeminiParts.stopReason(finish);
    if (reason != null) {
      if (state.sawToolCall() && StopReason.END_TURN.equals(reason)) reason = StopReason.TOOL_USE;
      state.closeAll(out);
      state.stop(out, reason, null);
      state.end(out);
    }
    return out;
  }

  private void part(JsonObject part, List<StreamEvent> out) {
    String sig = GeminiParts.signature(part);
    ContentPart p = GeminiResponseCodec.decodePart(part, ctx);
    if (p instanceof ContentPart.Thinking th) {
      int thinking = state.thinkingBlock(out);
      if (!th.text().isEmpty()) out.add(new StreamEvent.ThinkingDelta(thinking, th.text()));
      if (sig != null) out.add(new StreamEvent.SignatureDelta(thinking, sig));
    } else if (p instanceof ContentPart.Text t) {
      // An empty closing part that only carries a signature opens no block of its own.
      if (t.text().isEmpty() && state.runningText() < 0) {
        int thinking = state.runningThinking();
        if (sig != null && thinking >= 0) out.add(new StreamEvent.SignatureDelta(thinking, sig));
        return;
      }
      int text = state.textBlock(out);
      if (!t.text().isEmpty()) out.add(new StreamEvent.TextDelta(text, t.text()));
      if (sig != null) out.add(new StreamEvent.SignatureDelta(text, sig));
    } else if (p instanceof ContentPart.ToolCall c) {
      state.closeRunning(out);
      int index = state.open(out, new ContentPart.ToolCall(c.id(), c.name(), "", c.signature()));
      out.add(new StreamEvent.ToolArgsDelta(index, c.arguments()));
      state.close(out, index);
    }
  }

  @Override
  public List<StreamEvent> finish() {
    List<StreamEvent> out = new ArrayList<>();
    state.truncate(out);
    return out;
  }
}
