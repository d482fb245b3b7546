package dev.llmrouter.convert.validate;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.sse.SseEvent;

/** Stream validators per client protocol, for tests and diagnostics. Stateless. */
public final class StreamValidators {
  private StreamValidators() {}

  /**
   * Returns the validator for streams in a protocol.
   *
   * @param protocol the client's protocol
   * @return a new validator; stateless and thread-safe
   * @throws NullPointerException when {@code protocol} is null
   */
  public static StreamValidator forProtocol(Protocol protocol) {
    switch (protocol) {
      case CLAUDE: return new ClaudeStreamValidator();
      case OPENAI_CHAT: return new ChatStreamValidator();
      case GEMINI: return new GeminiStreamValidator();
      default: return new ResponsesStreamValidator();
    }
  }

  static InvalidStreamException fail(int i, SseEvent e, String rule) {
    String data = e == null || e.data() == null ? "" : e.data();
    if (data.length() > 300) data = data.substring(0, 300) + "...";
    return new InvalidStreamException("event #" + i + (e != null && e.event() != null ? " (" + e.event() + ")" : "")
        + ": " + rule + (e == null ? "" : " [data: " + data + "]"));
  }

  static JsonObject object(int i, SseEvent e) {
    if (e.data() == null) throw fail(i, e, "has no data");
    try {
      JsonValue v = Json.parse(e.data());
      if (v instanceof JsonObject o) return o;
    } catch (MalformedJsonException ex) {
      throw fail(i, e, "data is not JSON: " + ex.getMessage());
    }
    throw fail(i, e, "data is not a JSON object");
  }
}
