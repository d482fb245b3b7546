package dev.llmrouter.convert.chat;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.convert.internal.UsageMath;

/** Chat Completions finish reasons and usage. Stateless. */
final class ChatWire {
  private ChatWire() {}

  static StopReason stopReason(String finish) {
    if (finish == null || finish.isEmpty()) return null;
    switch (finish) {
      case "stop": return StopReason.END_TURN;
      case "length": return StopReason.MAX_TOKENS;
      case "tool_calls":
      case "function_call":
        return StopReason.TOOL_USE;
      case "content_filter": return StopReason.REFUSAL;
      default: return StopReason.of(finish);
    }
  }

  static String finishReason(StopReason reason) {
    if (reason == null) return "stop";
    switch (reason.value()) {
      case "end_turn":
      case "stop_sequence":
      case "pause_turn":
        return "stop";
      case "max_tokens": return "length";
      case "tool_use": return "tool_calls";
      case "refusal": return "content_filter";
      default: return reason.value();
    }
  }

  static JsonObject encodeUsage(Usage u) {
    Usage v = u == null ? Usage.NONE : u;
    long prompt = UsageMath.promptTotal(v);
    return new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", v.outputTokens())
        .put("total_tokens", prompt + v.outputTokens())
        .put("prompt_tokens_details", new JsonObject().put("cached_tokens", v.cacheReadTokens()))
        .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", v.reasoningTokens()));
  }
}
