package dev.llmrouter.convert.validate;

import static dev.llmrouter.convert.validate.StreamValidators.fail;
import static dev.llmrouter.convert.validate.StreamValidators.object;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import java.util.List;

/**
 * Gemini {@code alt=sse} rules: {@code data:}-only chunks, each with a candidate whose content has
 * a non-empty parts array of known part kinds (function calls with a name and object args); the
 * last chunk, and only it, has a {@code finishReason}. An {@code {"error":...}} chunk may end the
 * stream instead.
 */
final class GeminiStreamValidator implements StreamValidator {
  @Override
  public void validate(List<SseEvent> events) {
    if (events.isEmpty()) throw new InvalidStreamException("empty stream");
    for (int i = 0; i < events.size(); i++) {
      SseEvent e = events.get(i);
      boolean last = i == events.size() - 1;
      if (e.event() != null) throw fail(i, e, "Gemini chunks have no event name");
      JsonObject chunk = object(i, e);
      if (chunk.get("error") != null) {
        if (!last) throw fail(i, e, "error chunk must end the stream");
        return;
      }
      JsonArray candidates = chunk.getArray("candidates");
      if (candidates == null || candidates.isEmpty() || candidates.get(0).asObject() == null) throw fail(i, e, "chunk without candidates");
      JsonObject candidate = candidates.get(0).asObject();
      JsonObject content = candidate.getObject("content");
      JsonArray parts = content == null ? null : content.getArray("parts");
      if (parts == null || parts.isEmpty()) throw fail(i, e, "candidate without content.parts");
      if (!"model".equals(content.getString("role"))) throw fail(i, e, "content role is not model");
      for (var p : parts) {
        JsonObject part = p.asObject();
        if (part == null) throw fail(i, e, "part is not an object");
        JsonObject call = part.getObject("functionCall");
        if (call != null && (call.getString("name") == null || call.getObject("args") == null)) {
          throw fail(i, e, "functionCall without name and object args");
        }
        if (call == null && !part.has("text") && !part.has("inlineData") && !part.has("fileData")) {
          throw fail(i, e, "part of unknown kind: " + part.names());
        }
      }
      boolean finish = candidate.getString("finishReason") != null;
      if (finish != last) throw fail(i, e, last ? "last chunk without finishReason" : "finishReason before the last chunk");
    }
  }
}
