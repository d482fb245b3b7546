package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;

/**
 * Reads usage in each protocol and normalises it to {@link Usage} (input without cache reads and
 * writes, as Anthropic counts it). Stateless.
 */
public final class UsageReaders {
  private UsageReaders() {}

  /** The usage in a JSON answer, or {@link Usage#NONE} when it has none or is not JSON. */
  public static Usage read(Protocol protocol, byte[] body) {
    JsonObject root;
    try {
      JsonValue v = Json.parse(body);
      if (!(v instanceof JsonObject o)) return Usage.NONE;
      root = o;
    } catch (MalformedJsonException e) {
      return Usage.NONE;
    }
    switch (protocol) {
      case CLAUDE:
        return root.getObject("usage") == null ? Usage.NONE : claude(root.getObject("usage"));
      case OPENAI_CHAT:
        return root.getObject("usage") == null ? Usage.NONE : chat(root.getObject("usage"));
      case RESPONSES:
        return root.getObject("usage") == null ? Usage.NONE : responses(root.getObject("usage"));
      default:
        return root.getObject("usageMetadata") == null ? Usage.NONE : gemini(root.getObject("usageMetadata"));
    }
  }

  /** Anthropic {@code usage}. */
  public static Usage claude(JsonObject u) {
    return new Usage(u.getLong("input_tokens", 0), u.getLong("output_tokens", 0),
        u.getLong("cache_read_input_tokens", 0), u.getLong("cache_creation_input_tokens", 0), 0, false);
  }

  /** Chat Completions {@code usage}: {@code prompt_tokens} include the cached ones. */
  public static Usage chat(JsonObject u) {
    JsonObject details = u.getObject("prompt_tokens_details");
    long cached = details == null ? 0 : details.getLong("cached_tokens", 0);
    JsonObject out = u.getObject("completion_tokens_details");
    long reasoning = out == null ? 0 : out.getLong("reasoning_tokens", 0);
    return new Usage(Math.max(0, u.getLong("prompt_tokens", 0) - cached), u.getLong("completion_tokens", 0),
        cached, 0, reasoning, false);
  }

  /** Responses {@code usage}: {@code input_tokens} include the cached ones. */
  public static Usage responses(JsonObject u) {
    JsonObject details = u.getObject("input_tokens_details");
    long cached = details == null ? 0 : details.getLong("cached_tokens", 0);
    JsonObject out = u.getObject("output_tokens_details");
    long reasoning = out == null ? 0 : out.getLong("reasoning_tokens", 0);
    return new Usage(Math.max(0, u.getLong("input_tokens", 0) - cached), u.getLong("output_tokens", 0),
        cached, 0, reasoning, false);
  }

  /** Gemini {@code usageMetadata}: {@code promptTokenCount} includes the cached ones. */
  public static Usage gemini(JsonObject u) {
    long cached = u.getLong("cachedContentTokenCount", 0);
    return new Usage(Math.max(0, u.getLong("promptTokenCount", 0) - cached),
        u.getLong("candidatesTokenCount", 0), cached, 0, u.getLong("thoughtsTokenCount", 0), false);
  }
}
