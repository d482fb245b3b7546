package dev.llmrouter.providers.internal;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.sse.SseEvent;

/** Small helpers shared by the stream watchers. Stateless. */
final class StreamEvents {
  private StreamEvents() {}

  /** The event's data as a JSON object, or null when it has none or it is not an object. */
  static JsonObject object(SseEvent event) {
    String data = event.data();
    if (data == null || data.isEmpty()) return null;
    try {
      JsonValue v = Json.parse(data);
      return v instanceof JsonObject o ? o : null;
    } catch (MalformedJsonException e) {
      return null;
    }
  }

  /** True when the data is the OpenAI terminal marker {@code [DONE]}. */
  static boolean isDone(SseEvent event) {
    return event.data() != null && event.data().trim().equals("[DONE]");
  }
}
