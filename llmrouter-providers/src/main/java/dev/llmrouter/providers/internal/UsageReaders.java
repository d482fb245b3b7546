package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.MalformedJsonException;

/** Reads the usage of a non-streamed answer in each protocol. Stateless. */
public final class UsageReaders {
  private UsageReaders() {}

  /** The usage in a JSON answer, or {@link Usage#NONE} when it has none or is not JSON. */
  public static Usage read(Protocol protocol, byte[] body) {
    JsonObject root;
    try {
      root = Json.parse(body).asObject();
    } catch (MalformedJsonException e) {
      return Usage.NONE;
    }
    if (root == null) return Usage.NONE;
    switch (protocol) {
      case CLAUDE: {
        JsonObject u = root.getObject("usage");
        if (u == null) return Usage.NONE;
        return new Usage(u.getLong("input_tokens", 0), u.getLong("output_tokens", 0),
            u.getLong("cache_read_input_tokens", 0), u.getLong("cache_creation_input_tokens", 0), 0, false);
      }
      case OPENAI_CHAT: {
        JsonObject u = root.getObject("usage");
        if (u == null) return Usage.NONE;
        JsonObject details = u.getObject("prompt_tokens_details");
        long cached = details == null ? 0 : details.getLong("cached_tokens", 0);
        JsonObject out = u.getObject("completion_tokens_details");
        long reasoning = out == null ? 0 : out.getLong("reasoning_tokens", 0);
        return new Usage(Math.max(0, u.getLong("prompt_tokens", 0) - cached), u.getLong("completion_tokens", 0),
            cached, 0, reasoning, false);
      }
      case RESPONSES: {
        JsonObject u = root.getObject("usage");
        if (u == null) return Usage.NONE;
        JsonObject details = u.getObject("input_tokens_details");
        long cached = details == null ? 0 : details.getLong("cached_tokens", 0);
        JsonObject out = u.getObject("output_tokens_details");
        long reasoning = out == null ? 0 : out.getLong("reasoning_tokens", 0);
        return new Usage(Math.max(0, u.getLong("input_tokens", 0) - cached), u.getLong("output_tokens", 0),
            cached, 0, reasoning, false);
      }
      default: {
        JsonObject u = root.getObject("usageMetadata");
        if (u == null) return Usage.NONE;
        long cached = u.getLong("cachedContentTokenCount", 0);
        return new Usage(Math.max(0, u.getLong("promptTokenCount", 0) - cached),
            u.getLong("candidatesTokenCount", 0), cached, 0, u.getLong("thoughtsTokenCount", 0), false);
      }
    }
  }
}
