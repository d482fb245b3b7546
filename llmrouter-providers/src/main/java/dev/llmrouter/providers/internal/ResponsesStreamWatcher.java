package dev.llmrouter.providers.internal;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Watches an OpenAI Responses stream: {@code response.completed}, {@code response.incomplete} and
 * {@code response.failed} end it (the last carries an error), an {@code error} event is an in-band
 * error, and the usage sits in the final event's {@code response.usage}. Not thread-safe; one per
 * stream.
 */
public final class ResponsesStreamWatcher extends StreamWatcherBase {
  @Override
  public boolean onEvent(SseEvent event) {
    String type = event.event();
    if (type == null) {
      // Some relays send only data lines; the type is inside the payload.
      String data = event.data();
      if (data == null || !data.contains("\"type\"")) return false;
      if (!data.contains("\"response.completed\"") && !data.contains("\"response.incomplete\"")
          && !data.contains("\"response.failed\"") && !data.contains("\"error\"")) {
        return false;
      }
      JsonObject o = StreamEvents.object(event);
      type = o == null ? null : o.getString("type");
      if (type == null) return false;
    }
    switch (type) {
      case "response.completed":
      case "response.incomplete":
        completed = true;
        readUsage(event);
        return false;
      case "response.failed":
        completed = true;
        readUsage(event);
        return true;
      case "error":
        return true;
      default:
        return false;
    }
  }

  private void readUsage(SseEvent event) {
    JsonObject o = StreamEvents.object(event);
    JsonObject response = o == null ? null : o.getObject("response");
    JsonObject u = response == null ? null : response.getObject("usage");
    if (u != null) usage = UsageReaders.responses(u);
  }
}
