package dev.llmrouter.server.sessions;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the final Responses object in an answer: the JSON body of a non-streamed answer, or the
 * {@code response} of the {@code response.completed} (or {@code response.incomplete}) event of a
 * streamed one, read from the client's frames as they pass. Only those events are parsed. Not
 * thread-safe; one per answer.
 */
final class ResponseCapture {
  private static final String[] FINAL_TYPES = {"response.completed", "response.incomplete"};

  private JsonObject response;

  /** The final response object, or null when none was seen. */
  JsonObject response() {
    return response;
  }

  /** Reads a non-streamed answer. */
  void body(byte[] body) {
    try {
      JsonObject o = Json.parseObject(body);
      if (o.getString("id") != null) response = o;
    } catch (MalformedJsonException e) {
      response = null;
    }
  }

  /** Reads one frame (one or more complete server-sent events) of a streamed answer. */
  void frame(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!mentionsFinal(text)) return;
    for (String event : text.split("\r?\n\r?\n")) {
      StringBuilder data = new StringBuilder();
      for (String line : event.split("\r?\n")) {
        if (line.startsWith("data:")) {
          if (data.length() > 0) data.append('\n');
          data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
        }
      }
      if (data.length() == 0 || !mentionsFinal(data)) continue;
      try {
        JsonObject o = Json.parseObject(data.toString());
        String type = o.getString("type", "");
        JsonObject r = o.getObject("response");
        if ((type.equals(FINAL_TYPES[0]) || type.equals(FINAL_TYPES[1])) && r != null && r.getString("id") != null) {
          response = r;
        }
      } catch (MalformedJsonException e) {
        // Not an event this capture needs.
      }
    }
  }

  private static boolean mentionsFinal(CharSequence s) {
    String text = s.toString();
    return text.contains(FINAL_TYPES[0]) || text.contains(FINAL_TYPES[1]);
  }
}
