package dev.llmrouter.convert.usage;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;

/**
 * Reads usage in each protocol and normalises it to the common {@link Usage}: input without cache
 * reads and writes (Anthropic's way), output with reasoning included (OpenAI's way). OpenAI's
 * {@code prompt_tokens} and {@code input_tokens} and Gemini's {@code promptTokenCount} include the
 * cached tokens, which are subtracted; Gemini's {@code candidatesTokenCount} excludes
 * {@code thoughtsTokenCount}, which is added. A missing, non-numeric or negative count is 0.
 * Stateless.
 */
public final class UsageReaders {
  private UsageReaders() {}

  /**
   * Reads the usage of a whole (non-streamed) JSON answer.
   *
   * @param protocol the protocol of the answer
   * @param body the answer's bytes
   * @return the usage, or {@link Usage#NONE} when it has none or is not a JSON object
   */
  public static Usage read(Protocol protocol, byte[] body) {
    JsonValue v;
    try {
      v = Json.parse(body);
    } catch (MalformedJsonException e) {
      return Usage.NONE;
    }
    Usage u = v instanceof JsonObject o ? answer(protocol, o) : null;
    return u == null ? Usage.NONE : u;
  }

  /**
   * Reads the usage of a parsed whole answer: its {@code usage} member, or {@code usageMetadata}
   * for Gemini.
   *
   * @param protocol the protocol of the answer
   * @param answer the answer object
   * @return the usage, or null when the answer has no usage object
   */
  public static Usage answer(Protocol protocol, JsonObject answer) {
    switch (protocol) {
      case CLAUDE:
        return claude(answer.getObject("usage"));
      case OPENAI_CHAT:
        return chat(answer.getObject("usage"));
      case RESPONSES:
        return responses(answer.getObject("usage"));
      default:
        return gemini(answer.getObject("usageMetadata"));
    }
  }

  /**
   * Reads an Anthropic {@code usage} object, whose input already excludes cache reads and writes.
   *
   * @param u the {@code usage} object, or null
   * @return the usage, or null when {@code u} is null
   */
  public static Usage claude(JsonObject u) {
    return u == null ? null : claude(Usage.NONE, u);
  }

  /**
   * Applies a cumulative Anthropic {@code usage} object (as in {@code message_delta}) to the usage
   * seen before: each count it carries replaces the earlier one, the others are kept.
   *
   * @param earlier the usage seen so far, or null for none
   * @param u the {@code usage} object, or null
   * @return the updated usage; {@code earlier} (or {@link Usage#NONE}) when {@code u} is null
   */
  public static Usage claude(Usage earlier, JsonObject u) {
    Usage base = earlier == null ? Usage.NONE : earlier;
    if (u == null) return base;
    return new Usage(count(u, "input_tokens", base.inputTokens()), count(u, "output_tokens", base.outputTokens()),
        count(u, "cache_read_input_tokens", base.cacheReadTokens()),
        count(u, "cache_creation_input_tokens", base.cacheCreationTokens()), 0, false);
  }

  /**
   * Reads a Chat Completions {@code usage} object: {@code prompt_tokens} include
   * {@code prompt_tokens_details.cached_tokens}, which are subtracted;
   * {@code completion_tokens_details.reasoning_tokens} is the reasoning count.
   *
   * @param u the {@code usage} object, or null
   * @return the usage, or null when {@code u} is null
   */
  public static Usage chat(JsonObject u) {
    if (u == null) return null;
    return fromPromptTotal(count(u, "prompt_tokens"), count(u.getObject("prompt_tokens_details"), "cached_tokens"),
        count(u, "completion_tokens"), count(u.getObject("completion_tokens_details"), "reasoning_tokens"));
  }

  /**
   * Reads a Responses {@code usage} object: {@code input_tokens} include
   * {@code input_tokens_details.cached_tokens}, which are subtracted;
   * {@code output_tokens_details.reasoning_tokens} is the reasoning count.
   *
   * @param u the {@code usage} object, or null
   * @return the usage, or null when {@code u} is null
   */
  public static Usage responses(JsonObject u) {
    if (u == null) return null;
    return fromPromptTotal(count(u, "input_tokens"), count(u.getObject("input_tokens_details"), "cached_tokens"),
        count(u, "output_tokens"), count(u.getObject("output_tokens_details"), "reasoning_tokens"));
  }

  /**
   * Reads a Gemini {@code usageMetadata} object: {@code promptTokenCount} includes
   * {@code cachedContentTokenCount}, which is subtracted; output is {@code candidatesTokenCount}
   * plus {@code thoughtsTokenCount}, and the latter is the reasoning count.
   *
   * @param u the {@code usageMetadata} object, or null
   * @return the usage, or null when {@code u} is null
   */
  public static Usage gemini(JsonObject u) {
    if (u == null) return null;
    long thoughts = count(u, "thoughtsTokenCount");
    return fromPromptTotal(count(u, "promptTokenCount"), count(u, "cachedContentTokenCount"),
        count(u, "candidatesTokenCount") + thoughts, thoughts);
  }

  /** Usage from a prompt total that includes {@code cached} read tokens. */
  private static Usage fromPromptTotal(long prompt, long cached, long output, long reasoning) {
    return new Usage(Math.max(0, prompt - cached), output, cached, 0, reasoning, false);
  }

  private static long count(JsonObject o, String name) {
    return count(o, name, 0);
  }

  /** A count member, or {@code fallback} when {@code o} or the number is absent; never negative. */
  private static long count(JsonObject o, String name, long fallback) {
    return o == null ? fallback : Math.max(0, o.getLong(name, fallback));
  }
}
