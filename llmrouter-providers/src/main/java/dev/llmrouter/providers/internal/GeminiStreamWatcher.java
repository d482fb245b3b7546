package dev.llmrouter.providers.internal;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;

/**
 * Watches a Gemini {@code streamGenerateContent?alt=sse} stream. Gemini sends no terminal event:
 * the stream is complete when it ends after a chunk with a {@code finishReason}. The last chunk that
 * carries {@code usageMetadata} wins; a {@code {"error":...}} chunk is an in-band error. Not
 * thread-safe; one per stream.
 */
public final class GeminiStreamWatcher extends StreamWatcherBase {
  @Override
  public boolean onEvent(SseEvent event) {
    String data = event.data();
    if (data == null) return false;
    if (!data.contains("\"usageMetadata\"") && !data.contains("\"finishReason\"") && !data.contains("\"error\"")) {
      return false;
    }
    JsonObject chunk = StreamEvents.object(event);
    if (chunk == null) return false;
    if (chunk.getObject("error") != null) return true;
    JsonObject u = chunk.getObject("usageMetadata");
    if (u != null) usage = UsageReaders.gemini(u);
    JsonArray candidates = chunk.getArray("candidates");
    if (candidates != null) {
      for (JsonValue c : candidates) {
        if (c instanceof JsonObject o && o.getString("finishReason") != null) completed = true;
      }
    }
    return false;
  }

  /**
   * Gemini streams end at EOF; the terminal chunk is not the last thing to read.
   *
   * @return always true
   */
  @Override
  public boolean endsAtEof() {
    return true;
  }
}
