package dev.llmrouter.api.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a complete SSE byte stream into events (LF or CRLF line ends; comment lines are kept in
 * the raw bytes but carry no field). Stateless and thread-safe.
 */
public final class SseParser {
  private SseParser() {}

  /**
   * Parses a complete stream; an event not ended by a blank line is dropped.
   *
   * @param stream the stream bytes, UTF-8
   * @return the events in order, each with its raw bytes normalised to LF line ends
   */
  public static List<SseEvent> parse(byte[] stream) {
    String text = new String(stream, StandardCharsets.UTF_8).replace("\r\n", "\n");
    List<SseEvent> events = new ArrayList<>();
    String event = null;
    String id = null;
    StringBuilder data = null;
    StringBuilder raw = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        if (event != null || data != null || id != null) {
          raw.append('\n');
          events.add(new SseEvent(event, data == null ? null : data.toString(), id,
              raw.toString().getBytes(StandardCharsets.UTF_8)));
        }
        event = null;
        id = null;
        data = null;
        raw.setLength(0);
        continue;
      }
      raw.append(line).append('\n');
      if (line.startsWith(":")) continue;
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      if (field.equals("event")) {
        event = value;
      } else if (field.equals("data")) {
        if (data == null) data = new StringBuilder(value);
        else data.append('\n').append(value);
      } else if (field.equals("id")) {
        id = value;
      }
    }
    return events;
  }
}
