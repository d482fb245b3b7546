package dev.llmrouter.providers.internal;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Watches an Anthropic Messages stream: {@code message_start} carries the input and cache usage,
 * {@code message_delta} the cumulative output usage (overwrite, never add), {@code message_stop}
 * ends it, {@code error} is an in-band error. Only those events are parsed. Not thread-safe; one per
 * stream.
 */
public final class ClaudeStreamWatcher extends StreamWatcherBase {
  @Override
  public boolean onEvent(SseEvent event) {
    String type = event.event();
    if (type == null) return false;
    switch (type) {
      case "message_start": {
        JsonObject message = StreamEvents.object(event);
        JsonObject u = message == null || message.getObject("message") == null
            ? null : message.getObject("message").getObject("usage");
        usage = UsageReaders.claude(usage, u);
        return false;
      }
      case "message_delta": {
        JsonObject delta = StreamEvents.object(event);
        usage = UsageReaders.claude(usage, delta == null ? null : delta.getObject("usage"));
        return false;
      }
      case "message_stop":
        completed = true;
        return false;
      case "error":
        return true;
      default:
        return false;
    }
  }
}
