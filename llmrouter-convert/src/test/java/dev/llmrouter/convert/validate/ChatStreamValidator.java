package dev.llmrouter.convert.validate;

import static dev.llmrouter.convert.validate.StreamValidators.fail;
import static dev.llmrouter.convert.validate.StreamValidators.object;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chat Completions stream rules: {@code data:}-only chunks of {@code chat.completion.chunk} with
 * one id; a tool call's first delta has its id and name; exactly one finish reason; then
 * {@code data: [DONE]} last. An {@code {"error":...}} chunk may end the stream instead.
 */
final class ChatStreamValidator implements StreamValidator {
  @Override
  public void validate(List<SseEvent> events) {
    if (events.isEmpty()) throw new InvalidStreamException("empty stream");
    String id = null;
    boolean finished = false;
    Set<Long> tools = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      SseEvent e = events.get(i);
      if (e.event() != null) throw fail(i, e, "Chat chunks have no event name");
      boolean last = i == events.size() - 1;
      if ("[DONE]".equals(e.data())) {
        if (!last) throw fail(i, e, "[DONE] before the end");
        if (!finished) throw fail(i, e, "[DONE] without a finish_reason");
        return;
      }
      JsonObject chunk = object(i, e);
      if (chunk.get("error") != null) {
        if (!last) throw fail(i, e, "error chunk must end the stream");
        return;
      }
      if (!"chat.completion.chunk".equals(chunk.getString("object"))) throw fail(i, e, "object is not chat.completion.chunk");
      if (id == null) id = chunk.getString("id");
      if (id == null || !id.equals(chunk.getString("id"))) throw fail(i, e, "chunk id differs from " + id);
      JsonArray choices = chunk.getArray("choices");
      if (choices == null) throw fail(i, e, "chunk without choices");
      if (choices.isEmpty()) {
        if (chunk.getObject("usage") == null) throw fail(i, e, "chunk without choices or usage");
        continue;
      }
      JsonObject choice = choices.get(0).asObject();
      if (choice == null) throw fail(i, e, "choice is not an object");
      JsonArray calls = choice.getObject("delta") == null ? null : choice.getObject("delta").getArray("tool_calls");
      if (calls != null) {
        for (var c : calls) {
          JsonObject call = c.asObject();
          long k = call.getLong("index", -1);
          if (k < 0) throw fail(i, e, "tool call without index");
          if (tools.add(k) && (call.getString("id") == null || call.getObject("function") == null
              || call.getObject("function").getString("name") == null)) {
            throw fail(i, e, "first delta of tool call " + k + " without id and name");
          }
        }
      }
      if (choice.getString("finish_reason") != null) {
        if (finished) throw fail(i, e, "second finish_reason");
        finished = true;
      } else if (finished && choice.getObject("delta") != null && !choice.getObject("delta").isEmpty()) {
        throw fail(i, e, "content after the finish_reason");
      }
    }
    throw fail(events.size() - 1, events.get(events.size() - 1), "stream does not end with [DONE]");
  }
}
