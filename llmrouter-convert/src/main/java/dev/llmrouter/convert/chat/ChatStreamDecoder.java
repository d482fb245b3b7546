package dev.llmrouter.convert.chat;

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
import dev.llmrouter.convert.internal.ToolShapes;
import dev.llmrouter.convert.internal.StreamDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Chat Completions chunks into common stream events. Reasoning ({@code reasoning_content}), text
 * and each tool call get their own block; tool arguments are passed on piece by piece as they
 * arrive (only a call whose name has not come yet holds its first pieces until it does), and tool
 * blocks stay open until the finish reason so late pieces are never lost.
 * {@code data: [DONE]} ends the stream; a {@code {"error":...}} chunk ends it with an error. Not
 * thread-safe; one per stream.
 */
final class ChatStreamDecoder implements StreamDecoder {
  private final ConvertContext ctx;
  private final DecoderState state = new DecoderState();
  /** Shares the names and repeated values of this stream's events. */
  private final JsonStringPool strings = new JsonStringPool();
  private final Map<Long, Integer> tools = new HashMap<>();
  /** Calls whose name has not arrived yet: a block needs its name, so their first pieces wait. */
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  /** Custom tool calls (by chunk index) whose wrapped input is still open. */
  private final Set<Long> customCalls = new LinkedHashSet<>();

  private static final class Pending {
    String id;
    final StringBuilder args = new StringBuilder();
  }

  ChatStreamDecoder(ConvertContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public List<StreamEvent> onEvent(SseEvent event) {
    List<StreamEvent> out = new ArrayList<>();
    String data = event.data();
    if (state.ended() || data == null) return out;
    if (data.trim().equals("[DONE]")) {
      state.ensureStarted(out, null, null);
      flushPending(out);
      closeCustom(out);
      state.end(out);
      return out;
    }
    if (!(Jsons.tryParse(data, strings) instanceof JsonObject chunk)) return out;
    JsonValue error = chunk.get("error");
    if (error != null && !error.isNull()) {
      JsonObject e = error.asObject();
      String message = e != null ? e.getString("message", error.toJson()) : error.asString() != null ? error.asString() : error.toJson();
      state.error(out, e != null ? e.getString("type", "api_error") : "api_error", message);
      return out;
    }
    state.ensureStarted(out, chunk.getString("id"), chunk.getString("model"));
    JsonArray choices = Jsons.arr(chunk, "choices");
    if (!choices.isEmpty() && choices.get(0) instanceof JsonObject choice) {
      JsonObject delta = Jsons.obj(choice, "delta");
      String reasoning = delta.getString("reasoning_content");
      if (reasoning == null) reasoning = delta.getString("reasoning");
      if (reasoning != null && !reasoning.isEmpty()) {
        out.add(new StreamEvent.ThinkingDelta(state.thinkingBlock(out), reasoning));
      }
      String content = delta.getString("content");
      if (content != null && !content.isEmpty()) {
        out.add(new StreamEvent.TextDelta(state.textBlock(out), content));
      }
      JsonArray calls = Jsons.arr(delta, "tool_calls");
      for (int i = 0; i < calls.size(); i++) {
        if (!(calls.get(i) instanceof JsonObject call)) continue;
        state.closeRunning(out);
        long k = call.getLong("index", i);
        JsonObject fn = Jsons.obj(call, "function");
        Integer index = tools.get(k);
        String args = fn.getString("arguments");
        JsonObject custom = call.getObject("custom");
        if (custom != null) {
          // A custom tool's raw input, wrapped as {"input": ...} piece by piece.
          fn = custom;
          String raw = custom.getString("input", "");
          args = (customCalls.add(k) ? "{\"input\":\"" : "") + ToolShapes.escapeFragment(raw);
        }
        if (index == null) {
          Pending p = pending.computeIfAbsent(k, x -> new Pending());
          String id = call.getString("id");
          if (id != null && !id.isEmpty()) p.id = id;
          if (args != null) p.args.append(args);
          String name = fn.getString("name", "");
          if (!name.isEmpty()) open(k, name, out);
        } else if (args != null && !args.isEmpty()) {
          out.add(new StreamEvent.ToolArgsDelta(index, args));
        }
      }
      String finish = choice.getString("finish_reason");
      if (finish != null && !finish.isEmpty()) {
        flushPending(out);
        closeCustom(out);
        state.closeAll(out);
        StopReason reason = ChatWire.stopReason(finish);
        if (state.sawToolCall() && StopReason.END_TURN.equals(reason)) reason = StopReason.TOOL_USE;
        state.stop(out, reason, null);
      }
    }
    JsonObject usage = chunk.getObject("usage");
    if (usage != null) state.usage(out, UsageReaders.chat(usage));
    return out;
  }

  private void open(long k, String name, List<StreamEvent> out) {
    Pending p = pending.remove(k);
    int index = state.open(out, new ContentPart.ToolCall(p.id == null ? "call_" + ctx.ids().get() : p.id, name, "", null));
    tools.put(k, index);
    if (p.args.length() > 0) out.add(new StreamEvent.ToolArgsDelta(index, p.args.toString()));
  }

  /** Calls whose name never came are still delivered, with an empty name. */
  private void flushPending(List<StreamEvent> out) {
    for (Long k : new ArrayList<>(pending.keySet())) open(k, "", out);
  }

  /** Ends the wrapped input of each custom tool call. */
  private void closeCustom(List<StreamEvent> out) {
    for (Long k : customCalls) {
      Integer index = tools.get(k);
      if (index != null && state.isOpen(index)) out.add(new StreamEvent.ToolArgsDelta(index, "\"}"));
    }
    customCalls.clear();
  }

  @Override
  public List<StreamEvent> finish() {
    List<StreamEvent> out = new ArrayList<>();
    if (!state.ended()) {
      flushPending(out);
      closeCustom(out);
    }
    state.truncate(out);
    return out;
  }
}
