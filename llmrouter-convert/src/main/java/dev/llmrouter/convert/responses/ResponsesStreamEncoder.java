package dev.llmrouter.convert.responses;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseFrames;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.convert.internal.AbstractStreamEncoder;
import dev.llmrouter.convert.internal.InputUnwrapper;
import dev.llmrouter.convert.internal.ReasoningCarrier;
import dev.llmrouter.convert.internal.ToolShapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Common stream events into the OpenAI Responses event stream: {@code response.created},
 * {@code response.in_progress}, then per block an output item (message with one
 * {@code output_text} part, reasoning with one summary part, or function call) with its added,
 * delta, done events, and finally {@code response.completed} or {@code response.incomplete}
 * carrying the whole response and usage ({@code response.failed} on errors). Every event has a
 * strictly increasing {@code sequence_number}. Not thread-safe; one per stream.
 */
final class ResponsesStreamEncoder extends AbstractStreamEncoder {
  private final Map<Integer, Item> open = new LinkedHashMap<>();
  private final TreeMap<Integer, JsonObject> done = new TreeMap<>();
  private String responseId;
  private int sequence;
  private int nextOutput;

  /** One output item being streamed. */
  private static final class Item {
    final int output;
    final String id;
    final ContentPart header;
    final StringBuilder text = new StringBuilder();
    /** The client's tool type of a call: function, custom or tool_search. */
    final String toolType;
    /** The raw input of a freeform call, taken out of its arguments as they stream. */
    final InputUnwrapper input;
    String signature;

    Item(int output, String id, ContentPart header) {
      this(output, id, header, Tool.FUNCTION);
    }

    Item(int output, String id, ContentPart header, String toolType) {
      this.output = output;
      this.id = id;
      this.header = header;
      this.toolType = toolType;
      this.input = toolType.equals(Tool.CUSTOM) ? new InputUnwrapper() : null;
    }
  }

  ResponsesStreamEncoder(ConvertContext ctx) {
    super(ctx, Protocol.RESPONSES);
  }

  @Override
  protected void textDelta(StreamEvent.TextDelta d, List<byte[]> out) {
    Item it = open.get(d.index());
    if (it != null && it.header instanceof ContentPart.Text) {
      it.text.append(d.text());
      out.add(event("response.output_text.delta", itemFields(it).put("content_index", 0).put("delta", d.text())
          .put("logprobs", new JsonArray())));
    }
  }

  @Override
  protected void thinkingDelta(StreamEvent.ThinkingDelta d, List<byte[]> out) {
    Item it = open.get(d.index());
    if (it != null && it.header instanceof ContentPart.Thinking) {
      it.text.append(d.text());
      out.add(event("response.reasoning_summary_text.delta", itemFields(it).put("summary_index", 0).put("delta", d.text())));
    }
  }

  @Override
  protected void signatureDelta(StreamEvent.SignatureDelta d, List<byte[]> out) {
    Item it = open.get(d.index());
    if (it != null && it.header instanceof ContentPart.Thinking) it.signature = d.signature();
  }

  @Override
  protected void toolArgsDelta(StreamEvent.ToolArgsDelta d, List<byte[]> out) {
    Item it = open.get(d.index());
    if (it != null && it.header instanceof ContentPart.ToolCall) {
      it.text.append(d.partialJson());
      if (it.input != null) {
        String raw = it.input.feed(d.partialJson());
        if (!raw.isEmpty()) out.add(event("response.custom_tool_call_input.delta", itemFields(it).put("delta", raw)));
      } else if (it.toolType.equals(Tool.FUNCTION)) {
        out.add(event("response.function_call_arguments.delta", itemFields(it).put("delta", d.partialJson())));
      }
    }
  }

  @Override
  protected void blockStop(StreamEvent.BlockStop b, List<byte[]> out) {
    Item it = open.remove(b.index());
    if (it != null) closeItem(it, out);
  }

  @Override
  protected void writeError(StreamEvent.Error err, List<byte[]> out) {
    failed(err.type(), err.message(), out);
  }

  @Override
  protected void writeStart(List<byte[]> out) {
    responseId = "resp_" + ctx.ids().get();
    out.add(event("response.created", new JsonObject().put("response", response("in_progress", null, new JsonArray(), null))));
    out.add(event("response.in_progress", new JsonObject().put("response", response("in_progress", null, new JsonArray(), null))));
  }

  /** Opens the block's output item; a call with a signature is preceded by a reasoning item that carries it. */
  @Override
  protected void blockStart(StreamEvent.BlockStart b, List<byte[]> out) {
    ContentPart h = b.block();
    int output = nextOutput;
    if (h instanceof ContentPart.Text) {
      Item it = new Item(output, "msg_" + ctx.ids().get(), h);
      out.add(event("response.output_item.added", new JsonObject().put("output_index", output)
          .put("item", ResponsesWire.messageItem(it.id, "in_progress", new JsonArray()))));
      out.add(event("response.content_part.added", itemFields(it).put("content_index", 0).put("part", ResponsesWire.outputText(""))));
      open.put(b.index(), it);
    } else if (h instanceof ContentPart.Thinking) {
      Item it = new Item(output, "rs_" + ctx.ids().get(), h);
      out.add(event("response.output_item.added", new JsonObject().put("output_index", output)
          .put("item", ResponsesWire.reasoningItem(it.id, null, null))));
      out.add(event("response.reasoning_summary_part.added", itemFields(it).put("summary_index", 0).put("part", summary(""))));
      open.put(b.index(), it);
    } else if (h instanceof ContentPart.RedactedThinking) {
      Item it = new Item(output, "rs_" + ctx.ids().get(), h);
      out.add(event("response.output_item.added", new JsonObject().put("output_index", output)
          .put("item", ResponsesWire.reasoningItem(it.id, null, null))));
      open.put(b.index(), it);
    } else if (h instanceof ContentPart.ToolCall c) {
      if (c.signature() != null) {
        // A Gemini thought signature travels in a reasoning item just before its call.
        JsonObject carrier = ResponsesWire.reasoningItem("rs_" + ctx.ids().get(), null,
            ReasoningCarrier.callSignature(c.signature()));
        out.add(event("response.output_item.added", new JsonObject().put("output_index", output).put("item", carrier)));
        out.add(event("response.output_item.done", new JsonObject().put("output_index", output).put("item", carrier)));
        done.put(output, carrier);
        output = ++nextOutput;
      }
      String type = ctx.notes().toolType(c.name());
      Item it = new Item(output, ResponsesWire.callIdPrefix(type) + ctx.ids().get(), h, type);
      out.add(event("response.output_item.added", new JsonObject().put("output_index", output)
          .put("item", ResponsesWire.callItem(ctx.notes(), it.id, "in_progress", c, ""))));
      open.put(b.index(), it);
    } else {
      return;
    }
    nextOutput++;
  }

  private void closeItem(Item it, List<byte[]> out) {
    String text = it.text.toString();
    JsonObject item;
    if (it.header instanceof ContentPart.Text) {
      out.add(event("response.output_text.done", itemFields(it).put("content_index", 0).put("text", text).put("logprobs", new JsonArray())));
      out.add(event("response.content_part.done", itemFields(it).put("content_index", 0).put("part", ResponsesWire.outputText(text))));
      item = ResponsesWire.messageItem(it.id, "completed", JsonArray.of(ResponsesWire.outputText(text)));
    } else if (it.header instanceof ContentPart.Thinking) {
      out.add(event("response.reasoning_summary_text.done", itemFields(it).put("summary_index", 0).put("text", text)));
      out.add(event("response.reasoning_summary_part.done", itemFields(it).put("summary_index", 0).put("part", summary(text))));
      ContentPart.Thinking th = new ContentPart.Thinking(text, it.signature);
      item = ResponsesWire.carriedReasoningItem(it.id, th);
    } else if (it.header instanceof ContentPart.RedactedThinking r) {
      item = ResponsesWire.carriedReasoningItem(it.id, r);
    } else if (it.toolType.equals(Tool.CUSTOM)) {
      ContentPart.ToolCall c = (ContentPart.ToolCall) it.header;
      String input = ToolShapes.unwrapInput(text);
      // Arguments of another shape gave no pieces: the whole input goes in one.
      if (!it.input.streaming() && !input.isEmpty()) {
        out.add(event("response.custom_tool_call_input.delta", itemFields(it).put("delta", input)));
      }
      out.add(event("response.custom_tool_call_input.done", itemFields(it).put("input", input)));
      item = ResponsesWire.customToolCallItem(it.id, "completed", c, input);
    } else if (!it.toolType.equals(Tool.FUNCTION)) {
      item = ResponsesWire.callItem(ctx.notes(), it.id, "completed", (ContentPart.ToolCall) it.header, text);
    } else {
      ContentPart.ToolCall c = (ContentPart.ToolCall) it.header;
      // A call without arguments (Anthropic sends no delta for an empty input) has "{}".
      if (text.isEmpty()) text = "{}";
      out.add(event("response.function_call_arguments.done", itemFields(it).put("arguments", text)));
      item = ResponsesWire.callItem(ctx.notes(), it.id, "completed", c, text);
    }
    out.add(event("response.output_item.done", new JsonObject().put("output_index", it.output).put("item", item)));
    done.put(it.output, item);
  }

  private static JsonObject summary(String text) {
    return new JsonObject().put("type", "summary_text").put("text", text);
  }

  private static JsonObject itemFields(Item it) {
    return new JsonObject().put("item_id", it.id).put("output_index", it.output);
  }

  private JsonObject response(String status, StopReason reason, JsonArray output, Usage u) {
    return ResponsesWire.response(responseId, clientModel(), status, reason, output, u);
  }

  private byte[] event(String type, JsonObject fields) {
    JsonObject data = new JsonObject().put("type", type).put("sequence_number", sequence++);
    data.members().putAll(fields.members());
    return SseFrames.json(frames, type, data);
  }

  @Override
  protected void writeEnd(List<byte[]> out) {
    start(out);
    for (Item it : open.values()) closeItem(it, out);
    open.clear();
    String status = ResponsesWire.status(stopReason());
    JsonArray output = new JsonArray(new ArrayList<>(done.values()));
    out.add(event(status.equals("completed") ? "response.completed" : "response.incomplete",
        new JsonObject().put("response", response(status, stopReason(), output, usage()))));
  }

  @Override
  protected void writeFailure(String message, List<byte[]> out) {
    failed("server_error", message, out);
  }

  private void failed(String code, String message, List<byte[]> out) {
    start(out);
    JsonObject r = response("failed", null, new JsonArray(new ArrayList<>(done.values())), usage());
    r.put("error", new JsonObject().put("code", code == null ? "server_error" : code)
        .put("message", message == null ? "upstream error" : message));
    out.add(event("response.failed", new JsonObject().put("response", r)));
  }
}
