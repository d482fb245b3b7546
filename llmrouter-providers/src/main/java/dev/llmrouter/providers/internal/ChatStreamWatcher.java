package dev.llmrouter.providers.internal;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Watches an OpenAI Chat Completions stream: {@code data: [DONE]} ends it, a chunk with
 * {@code usage} (sent when {@code stream_options.include_usage} is set) carries the usage, and a
 * {@code {"error":...}} chunk is an in-band error. Not thread-safe; one per stream.
 */
public final class ChatStreamWatcher extends StreamWatcherBase {
  @Override
  public boolean onEvent(SseEvent event) {
    if (StreamEvents.isDone(event)) {
      completed = true;
      return false;
    }
    if (event.data() == null || event.data().indexOf('{') < 0) return false;
    // Only chunks that may carry usage or an error are parsed; text deltas are skipped cheaply.
    String data = event.data();
    if (!data.contains("\"usage\"") && !data.contains("\"error\"")) return false;
    JsonObject chunk = StreamEvents.object(event);
    if (chunk == null) return false;
    if (chunk.getObject("error") != null) return true;
    if (chunk.getObject("usage") != null) usage = UsageReaders.chat(chunk.getObject("usage"));
    return false;
  }
}
