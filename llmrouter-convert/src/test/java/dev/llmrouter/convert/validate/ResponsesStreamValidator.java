package dev.llmrouter.convert.validate;

import static dev.llmrouter.convert.validate.StreamValidators.fail;
import static dev.llmrouter.convert.validate.StreamValidators.object;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI Responses stream rules: every event named as its {@code type} with a strictly increasing
 * {@code sequence_number}; {@code response.created} first; output items added with output indexes
 * 0, 1, 2, ...; part, text, argument and summary events only inside their open item (and part);
 * every item done before the terminal event; {@code response.completed},
 * {@code response.incomplete} or {@code response.failed} (or {@code error}) last, carrying a
 * response whose status matches and whose output lists every finished item.
 */
final class ResponsesStreamValidator implements StreamValidator {
  @Override
  public void validate(List<SseEvent> events) {
    if (events.isEmpty()) throw new InvalidStreamException("empty stream");
    long lastSequence = -1;
    String responseId = null;
    Map<Long, String> openItems = new HashMap<>();
    Map<Long, String> itemIds = new HashMap<>();
    Set<String> openParts = new HashSet<>();
    int added = 0;
    int doneItems = 0;
    for (int i = 0; i < events.size(); i++) {
      SseEvent e = events.get(i);
      JsonObject data = object(i, e);
      String type = data.getString("type", "");
      if (e.event() == null || !e.event().equals(type)) throw fail(i, e, "event name differs from data.type '" + type + "'");
      if (data.getNumber("sequence_number") == null) throw fail(i, e, "no sequence_number");
      long seq = data.getLong("sequence_number", -1);
      if (seq <= lastSequence) throw fail(i, e, "sequence_number " + seq + " not above " + lastSequence);
      lastSequence = seq;
      boolean last = i == events.size() - 1;
      if (i == 0 && !type.equals("response.created") && !type.equals("error")) throw fail(i, e, "first event must be response.created");
      long output = data.getLong("output_index", -1);
      String item = openItems.get(output);
      String part = output + ":" + data.getLong("content_index", 0);
      switch (type) {
        case "response.created":
        case "response.in_progress": {
          JsonObject r = data.getObject("response");
          if (r == null || r.getString("id") == null) throw fail(i, e, type + " without response.id");
          if (responseId == null) responseId = r.getString("id");
          if (!responseId.equals(r.getString("id"))) throw fail(i, e, "response id changed");
          if (type.equals("response.created") && i != 0) throw fail(i, e, "response.created not first");
          break;
        }
        case "response.output_item.added": {
          if (output != added) throw fail(i, e, "output_index " + output + " but expected " + added);
          JsonObject it = data.getObject("item");
          if (it == null || it.getString("type") == null || it.getString("id") == null) throw fail(i, e, "item without type and id");
          openItems.put(output, it.getString("type"));
          itemIds.put(output, it.getString("id"));
          added++;
          break;
        }
        case "response.content_part.added":
          requireItem(i, e, item, "message", data, itemIds);
          if (!openParts.add(part)) throw fail(i, e, "content part " + part + " added twice");
          break;
        case "response.output_text.delta":
        case "response.output_text.done":
        case "response.refusal.delta":
        case "response.refusal.done":
          requireItem(i, e, item, "message", data, itemIds);
          if (!openParts.contains(part)) throw fail(i, e, "text for content part " + part + " which is not open");
          break;
        case "response.content_part.done":
          requireItem(i, e, item, "message", data, itemIds);
          if (!openParts.remove(part)) throw fail(i, e, "content part " + part + " is not open");
          break;
        case "response.function_call_arguments.delta":
        case "response.function_call_arguments.done":
          requireItem(i, e, item, "function_call", data, itemIds);
          break;
        case "response.custom_tool_call_input.delta":
        case "response.custom_tool_call_input.done":
          requireItem(i, e, item, "custom_tool_call", data, itemIds);
          break;
        case "response.reasoning_summary_part.added":
        case "response.reasoning_summary_part.done":
        case "response.reasoning_summary_text.delta":
        case "response.reasoning_summary_text.done":
        case "response.reasoning_text.delta":
        case "response.reasoning_text.done":
          requireItem(i, e, item, "reasoning", data, itemIds);
          break;
        case "response.output_item.done": {
          if (item == null) throw fail(i, e, "item " + output + " is not open");
          for (String p : openParts) if (p.startsWith(output + ":")) throw fail(i, e, "item done with content part " + p + " open");
          JsonObject it = data.getObject("item");
          if (it == null || !item.equals(it.getString("type"))) throw fail(i, e, "done item of another type");
          openItems.remove(output);
          doneItems++;
          break;
        }
        case "response.completed":
        case "response.incomplete":
        case "response.failed": {
          if (!last) throw fail(i, e, type + " must be the last event");
          JsonObject r = data.getObject("response");
          if (r == null) throw fail(i, e, "terminal event without response");
          String status = type.substring("response.".length());
          if (!status.equals(r.getString("status"))) throw fail(i, e, "response.status is not " + status);
          if (responseId != null && !responseId.equals(r.getString("id"))) throw fail(i, e, "response id changed");
          if (!type.equals("response.failed")) {
            if (!openItems.isEmpty()) throw fail(i, e, "items still open: " + openItems.keySet());
            JsonArray out = r.getArray("output");
            if (out == null || out.size() != doneItems) throw fail(i, e, "response.output does not list the " + doneItems + " finished items");
          } else if (r.getObject("error") == null) {
            throw fail(i, e, "response.failed without response.error");
          }
          return;
        }
        case "error":
          if (!last) throw fail(i, e, "error must be the last event");
          return;
        default:
          // Other event types (annotations, hosted tools, keep-alives) are allowed in sequence.
          break;
      }
    }
    throw fail(events.size() - 1, events.get(events.size() - 1), "stream does not end with a terminal response event");
  }

  private static void requireItem(int i, SseEvent e, String open, String type, JsonObject data, Map<Long, String> ids) {
    if (!type.equals(open)) throw fail(i, e, "no open " + type + " item at output_index " + data.getLong("output_index", -1));
    String id = ids.get(data.getLong("output_index", -1));
    if (data.getString("item_id") != null && !data.getString("item_id").equals(id)) throw fail(i, e, "item_id differs from " + id);
  }
}
