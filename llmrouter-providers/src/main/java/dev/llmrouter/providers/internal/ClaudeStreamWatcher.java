package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Watches an Anthropic Messages stream: {@code message_start} carries the input and cache usage,
 * {@code message_delta} the cumulative output usage (overwrite, never add), {@code message_stop}
 * ends it, {@code error} is an in-band error. Only those events are parsed, and {@code
 * message_start} not as it passes: it is the stream's first event, which a proxy writes to its
 * client as soon as it is judged, so its usage is read when the next event comes (or when the usage
 * is asked for), not before the first byte. Not thread-safe; one per stream.
 */
public final class ClaudeStreamWatcher extends StreamWatcherBase {
  /** A {@code message_start} whose usage is not read yet; held only until the next event. */
  private SseEvent start;

  @Override
  public boolean onEvent(SseEvent event) {
    readStart();
    String type = event.event();
    if (type == null) return false;
    switch (type) {
      case "message_start":
        start = event;
        return false;
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

  @Override
  public Usage usage() {
    readStart();
    return usage;
  }

  /** Reads the usage of a {@code message_start} that came before, once. */
  private void readStart() {
    SseEvent e = start;
    if (e == null) return;
    start = null;
    JsonObject message = StreamEvents.object(e);
    JsonObject u = message == null || message.getObject("message") == null
        ? null : message.getObject("message").getObject("usage");
    usage = UsageReaders.claude(usage, u);
  }
}
