package dev.llmrouter.convert.responses;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.convert.ConversionNotes;
import dev.llmrouter.convert.internal.Jsons;
import java.util.List;
import dev.llmrouter.convert.internal.ReasoningCarrier;
import dev.llmrouter.convert.internal.ToolShapes;
import dev.llmrouter.convert.internal.UsageMath;

/** Responses usage, status, output items and the response object. Stateless. */
final class ResponsesWire {
  private ResponsesWire() {}

  static JsonObject encodeUsage(Usage u) {
    long input = UsageMath.promptTotal(u);
    return new JsonObject().put("input_tokens", input)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", u.cacheReadTokens()))
        .put("output_tokens", u.outputTokens())
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", u.reasoningTokens()))
        .put("total_tokens", input + u.outputTokens());
  }

  /** The common stop reason of a finished response. */
  static StopReason stopReason(JsonObject response, boolean sawToolCall) {
    String status = response.getString("status", "completed");
    if (status.equals("incomplete")) {
      String reason = Jsons.obj(response, "incomplete_details").getString("reason", "");
      if (reason.equals("max_output_tokens")) return StopReason.MAX_TOKENS;
      if (reason.equals("content_filter")) return StopReason.REFUSAL;
      return StopReason.of(reason.isEmpty() ? "incomplete" : reason);
    }
    return sawToolCall ? StopReason.TOOL_USE : StopReason.END_TURN;
  }

  /** {@code completed}, or {@code incomplete} with its reason object. */
  static String status(StopReason reason) {
    return incompleteReason(reason) == null ? "completed" : "incomplete";
  }

  static String incompleteReason(StopReason reason) {
    if (StopReason.MAX_TOKENS.equals(reason)) return "max_output_tokens";
    if (StopReason.REFUSAL.equals(reason)) return "content_filter";
    return null;
  }

  static JsonObject outputText(String text) {
    return new JsonObject().put("type", "output_text").put("annotations", new JsonArray()).put("text", text);
  }

  static JsonObject messageItem(String id, String status, JsonArray content) {
    return new JsonObject().put("id", id).put("type", "message").put("status", status).put("role", "assistant")
        .put("content", content);
  }

  static JsonObject functionCallItem(String id, String status, ContentPart.ToolCall c, String arguments) {
    return new JsonObject().put("id", id).put("type", "function_call").put("status", status)
        .put("arguments", arguments).put("call_id", c.id()).put("name", c.name());
  }

  static JsonObject customToolCallItem(String id, String status, ContentPart.ToolCall c, String input) {
    return new JsonObject().put("id", id).put("type", "custom_tool_call").put("status", status)
        .put("call_id", c.id()).put("name", c.name()).put("input", input);
  }

  static JsonObject toolSearchCallItem(String id, String status, ContentPart.ToolCall c, String arguments) {
    JsonObject args = Jsons.argumentsObject(arguments);
    return new JsonObject().put("id", id).put("type", "tool_search_call").put("status", status)
        .put("call_id", c.id()).put("execution", "client").put("arguments", args);
  }

  /**
   * The output item of a tool call, in the shape of the tool type the client declared: a freeform
   * tool's call is a {@code custom_tool_call} with the raw input, a client {@code tool_search}'s a
   * {@code tool_search_call}, anything else a {@code function_call}.
   */
  static JsonObject callItem(ConversionNotes notes, String id, String status, ContentPart.ToolCall c, String arguments) {
    switch (notes.toolType(c.name())) {
      case "custom": return customToolCallItem(id, status, c, ToolShapes.unwrapInput(arguments));
      case "tool_search": return toolSearchCallItem(id, status, c, arguments);
      default: {
        JsonObject item = functionCallItem(id, status, c, arguments);
        List<String> ns = notes.namespaceOf(c.name());
        // A namespaced tool's call names its namespace and its own name, as Codex expects.
        if (ns != null) item.put("name", ns.get(1)).put("namespace", ns.get(0));
        return item;
      }
    }
  }

  /** {@return the id prefix of a call item of the client's tool type} */
  static String callIdPrefix(String type) {
    switch (type) {
      case "custom": return "ctc_";
      case "tool_search": return "tsc_";
      default: return "fc_";
    }
  }

  /** A reasoning item whose encrypted content carries another vendor's reasoning (see {@link ReasoningCarrier}). */
  static JsonObject carriedReasoningItem(String id, ContentPart part) {
    String text = part instanceof ContentPart.Thinking th ? th.text() : null;
    return reasoningItem(id, text, ReasoningCarrier.encode(part));
  }

  static JsonObject reasoningItem(String id, String text, String signature) {
    JsonArray summary = new JsonArray();
    if (text != null && !text.isEmpty()) summary.add(new JsonObject().put("type", "summary_text").put("text", text));
    JsonObject item = new JsonObject().put("id", id).put("type", "reasoning").put("summary", summary);
    if (signature != null && !signature.isEmpty()) item.put("encrypted_content", signature);
    return item;
  }

  /** The response object; {@code created_at} is 0 because converters have no clock. */
  static JsonObject response(String id, String model, String status, StopReason reason, JsonArray output, Usage usage) {
    String incomplete = reason == null ? null : incompleteReason(reason);
    JsonObject r = new JsonObject().put("id", id).put("object", "response").put("created_at", 0).put("status", status)
        .put("error", JsonNull.INSTANCE)
        .put("incomplete_details", incomplete == null || !status.equals("incomplete") ? JsonNull.INSTANCE
            : new JsonObject().put("reason", incomplete))
        .put("instructions", JsonNull.INSTANCE).put("metadata", new JsonObject()).put("model", model)
        .put("output", output).put("parallel_tool_calls", true).put("temperature", JsonNull.INSTANCE)
        .put("tool_choice", "auto").put("tools", new JsonArray()).put("top_p", JsonNull.INSTANCE);
    r.put("usage", usage == null ? JsonNull.INSTANCE : encodeUsage(usage));
    return r;
  }
}
