package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.sse.SseEvent;

/**
 * Watches an Anthropic Messages stream: {@code message_start} carries the input and cache usage,
 * {@code message_delta} the cumulative output usage (overwrite, never add), {@code message_stop}
 * ends it, {@code error} is an in-band error. Only those events are parsed. Not thread-safe; one per
 * stream.
 */
public final class ClaudeStreamWatcher implements StreamWatcher {
  private long input;
  private long output;
  private long cacheRead;
  private long cacheCreation;
  private boolean completed;

  @Override
  public boolean onEvent(SseEvent event) {
    String type = event.event();
    if (type == null) return false;
    switch (type) {
      case "message_start": {
        JsonObject message = parse(event);
        JsonObject usage = message == null || message.getObject("message") == null
            ? null : message.getObject("message").getObject("usage");
        if (usage != null) apply(usage);
        return false;
      }
      case "message_delta": {
        JsonObject delta = parse(event);
        JsonObject usage = delta == null ? null : delta.getObject("usage");
        if (usage != null) apply(usage);
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

  private void apply(JsonObject usage) {
    input = usage.getLong("input_tokens", input);
    output = usage.getLong("output_tokens", output);
    cacheRead = usage.getLong("cache_read_input_tokens", cacheRead);
    cacheCreation = usage.getLong("cache_creation_input_tokens", cacheCreation);
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
    return new Usage(input, output, cacheRead, cacheCreation, 0, false);
  }
}
