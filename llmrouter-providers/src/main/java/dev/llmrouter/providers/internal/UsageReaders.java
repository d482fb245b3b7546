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

  /**
   * Reads the usage of a whole (non-streamed) JSON answer: {@code usage}, or {@code usageMetadata}
   * for Gemini.
   *
   * @param protocol the protocol of the answer
   * @param body the answer's bytes
   * @return the usage, or {@link Usage#NONE} when it has none or is not a JSON object
   */
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

  /**
   * Reads an Anthropic {@code usage} object, whose input already excludes cache reads and writes.
   *
   * @param u the {@code usage} object
   * @return the usage; missing counts are zero
   */
  public static Usage claude(JsonObject u) {
    return new Usage(u.getLong("input_tokens", 0), u.getLong("output_tokens", 0),
        u.getLong("cache_read_input_tokens", 0), u.getLong("cache_creation_input_tokens", 0), 0, false);
  }

  /**
   * Reads a Chat Completions {@code usage} object: {@code prompt_tokens} include the cached ones,
   * which are subtracted.
   *
   * @param u the {@code usage} object
   * @return the usage; missing counts are zero
   */
  public static Usage chat(JsonObject u) {
    JsonObject details = u.getObject("prompt_tokens_details");
    long cached = details == null ? 0 : details.getLong("cached_tokens", 0);
    JsonObject out = u.getObject("completion_tokens_details");
    long reasoning = out == null ? 0 : out.getLong("reasoning_tokens", 0);
    return new Usage(Math.max(0, u.getLong("prompt_tokens", 0) - cached), u.getLong("completion_tokens", 0),
        cached, 0, reasoning, false);
  }

  /**
   * Reads a Responses {@code usage} object: {@code input_tokens} include the cached ones, which are
   * subtracted.
   *
   * @param u the {@code usage} object
   * @return the usage; missing counts are zero
   */
  public static Usage responses(JsonObject u) {
    JsonObject details = u.getObject("input_tokens_details");
    long cached = details == null ? 0 : details.getLong("cached_tokens", 0);
    JsonObject out = u.getObject("output_tokens_details");
    long reasoning = out == null ? 0 : out.getLong("reasoning_tokens", 0);
    return new Usage(Math.max(0, u.getLong("input_tokens", 0) - cached), u.getLong("output_tokens", 0),
        cached, 0, reasoning, false);
  }

  /**
   * Reads a Gemini {@code usageMetadata} object: {@code promptTokenCount} includes the cached ones,
   * which are subtracted; {@code thoughtsTokenCount} is the reasoning count.
   *
   * @param u the {@code usageMetadata} object
   * @return the usage; missing counts are zero
   */
  public static Usage gemini(JsonObject u) {
    long cached = u.getLong("cachedContentTokenCount", 0);
    return new Usage(Math.max(0, u.getLong("promptTokenCount", 0) - cached),
        u.getLong("candidatesTokenCount", 0), cached, 0, u.getLong("thoughtsTokenCount", 0), false);
  }
}
