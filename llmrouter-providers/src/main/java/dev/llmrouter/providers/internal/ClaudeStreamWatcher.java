package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Watches an Anthropic Messages stream: {@code message_start} carries the input and cache usage,
 * {@code message_delta} the cumulative output usage (overwrite, never add), {@code message_stop}
 * ends it, {@code error} is an in-band error. Only those events are parsed. Not thread-safe; one per
 * stream.
 */
public final class ClaudeStreamWatcher implements StreamWatcher {
  private Usage usage = Usage.NONE;
  private boolean completed;

  @Override
  public boolean onEvent(SseEvent event) {
    String type = event.event();
    if (type == null) return false;
    switch (type) {
      case "message_start": {
        JsonObject message = parse(event);
        JsonObject u = message == null || message.getObject("message") == null
            ? null : message.getObject("message").getObject("usage");
        usage = UsageReaders.claude(usage, u);
        return false;
      }
      case "message_delta": {
        JsonObject delta = parse(event);
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

  private static JsonObject parse(SseEvent event) {
    if (event.data() == null) return null;
    try {
      return Json.parse(event.data()).asObject();
    } catch (MalformedJsonException e) {
      return null;
    }
  }

  @Override
  public boolean completed() {
    return completed;
  }

  @Override
  public Usage usage() {
    return usage;
  }
}
