package dev.llmrouter.convert.validate;

import static dev.llmrouter.convert.validate.StreamValidators.fail;
import static dev.llmrouter.convert.validate.StreamValidators.object;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages stream rules: {@code message_start} first; block indexes 0, 1, 2, ... each
 * opened once; deltas only inside an open block and of its type; every block closed before
 * {@code message_delta}, which carries a stop reason and usage; {@code message_stop} last.
 * {@code ping} and event types added later may come anywhere; {@code error} ends the stream.
 */
final class ClaudeStreamValidator implements StreamValidator {
  @Override
  public void validate(List<SseEvent> events) {
    if (events.isEmpty()) throw new InvalidStreamException("empty stream");
    boolean started = false;
    boolean delta = false;
    boolean stopped = false;
    int nextIndex = 0;
    Map<Long, String> open = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      SseEvent e = events.get(i);
      if (stopped) throw fail(i, e, "event after message_stop");
      JsonObject data = object(i, e);
      String type = data.getString("type", "");
      if (e.event() == null || !e.event().equals(type)) throw fail(i, e, "event name differs from data.type '" + type + "'");
      if (type.equals("ping")) continue;
      if (type.equals("error")) {
        if (i != events.size() - 1) throw fail(i, e, "error must end the stream");
        if (data.getObject("error") == null || data.getObject("error").getString("message") == null) {
          throw fail(i, e, "error without error.message");
        }
        return;
      }
      if (!started) {
        if (!type.equals("message_start")) throw fail(i, e, "first event must be message_start");
        JsonObject m = data.getObject("message");
        if (m == null || m.getString("id") == null || m.getObject("usage") == null) throw fail(i, e, "message_start without message.id and usage");
        started = true;
        continue;
      }
      long index = data.getLong("index", -1);
      switch (type) {
        case "message_start":
          throw fail(i, e, "second message_start");
        case "content_block_start": {
          if (delta) throw fail(i, e, "content block after message_delta");
          if (index != nextIndex) throw fail(i, e, "block index " + index + " but expected " + nextIndex);
          JsonObject block = data.getObject("content_block");
          if (block == null || block.getString("type") == null) throw fail(i, e, "content_block_start without content_block.type");
          String bt = block.getString("type");
          if (bt.equals("tool_use") && (block.getString("id") == null || block.getString("name") == null)) {
            throw fail(i, e, "tool_use block without id and name");
          }
          open.put(index, bt);
          nextIndex++;
          break;
        }
        case "content_block_delta": {
          String bt = open.get(index);
          if (bt == null) throw fail(i, e, "delta for block " + index + " which is not open");
          String dt = data.getObject("delta") == null ? "" : data.getObject("delta").getString("type", "");
          boolean fits = (bt.equals("text") && dt.equals("text_delta"))
              || (bt.equals("tool_use") && dt.equals("input_json_delta"))
              || (bt.equals("thinking") && (dt.equals("thinking_delta") || dt.equals("signature_delta")))
              || !(bt.equals("text") || bt.equals("tool_use") || bt.equals("thinking"));
          if (!fits) throw fail(i, e, dt + " inside a " + bt + " block");
          break;
        }
        case "content_block_stop":
          if (open.remove(index) == null) throw fail(i, e, "stop for block " + index + " which is not open");
          break;
        case "message_delta": {
          if (!open.isEmpty()) throw fail(i, e, "message_delta while blocks are open: " + open.keySet());
          if (delta) throw fail(i, e, "second message_delta");
          JsonObject d = data.getObject("delta");
          if (d == null || d.getString("stop_reason") == null) throw fail(i, e, "message_delta without delta.stop_reason");
          JsonObject usage = data.getObject("usage");
          if (usage == null || usage.getNumber("output_tokens") == null) throw fail(i, e, "message_delta without usage.output_tokens");
          delta = true;
          break;
        }
        case "message_stop":
          if (!delta) throw fail(i, e, "message_stop before message_delta");
          stopped = true;
          break;
        default:
          // Anthropic may add event types; clients must skip them, so they are no violation.
          break;
      }
    }
    if (!stopped) throw fail(events.size() - 1, events.get(events.size() - 1), "stream does not end with message_stop");
  }
}
