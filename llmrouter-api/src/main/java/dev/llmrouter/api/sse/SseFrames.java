package dev.llmrouter.api.sse;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonOutput;
import dev.llmrouter.api.json.JsonValue;
import java.nio.charset.StandardCharsets;

/** Encodes server-sent events. Stateless and thread-safe. */
public final class SseFrames {
  private SseFrames() {}

  /**
   * Encodes one event: an optional {@code event:} line, one {@code data:} line per line of data, and
   * the blank line that ends the event.
   *
   * @param event the event type, or null for none
   * @param data the data, or null for no {@code data:} line
   * @return the event bytes, UTF-8
   */
  public static byte[] encode(String event, String data) {
    StringBuilder sb = new StringBuilder((data == null ? 0 : data.length()) + 32);
    if (event != null) sb.append("event: ").append(event).append('\n');
    if (data != null) {
      int start = 0;
      while (true) {
        int nl = data.indexOf('\n', start);
        if (nl < 0) {
          sb.append("data: ").append(data, start, data.length()).append('\n');
          break;
        }
        sb.append("data: ").append(data, start, nl).append('\n');
        start = nl + 1;
      }
    }
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Encodes a {@code data:}-only event.
   *
   * @param data the data, or null
   * @return the event bytes, UTF-8
   */
  public static byte[] data(String data) {
    return encode(null, data);
  }

  /**
   * Encodes one event whose data is a JSON value, byte for byte what
   * {@code encode(event, Json.writeString(data))} gives, written straight into the frame without
   * intermediate strings.
   *
   * @param event the event type, or null for none
   * @param data the data
   * @return the event bytes, UTF-8
   */
  public static byte[] json(String event, JsonValue data) {
    return json(new JsonOutput(256), event, data);
  }

  /**
   * Encodes one event whose data is a JSON value, like {@link #json(String, JsonValue)}, building
   * it in a buffer the caller reuses from frame to frame.
   *
   * @param scratch the buffer to build the frame in; reset first, its content is undefined after
   * @param event the event type, or null for none
   * @param data the data
   * @return the event bytes, UTF-8, in a new array
   */
  public static byte[] json(JsonOutput scratch, String event, JsonValue data) {
    JsonOutput out = scratch.reset();
    if (event != null) out.writeUtf8("event: ").writeUtf8(event).writeByte('\n');
    out.writeUtf8("data: ");
    int start = out.size();
    out.value(data);
    // Compact JSON escapes line breaks in strings; only a hand-made number text could hold one.
    if (out.indexOf((byte) '\n', start) >= 0) return encode(event, Json.writeString(data));
    return out.writeByte('\n').writeByte('\n').toByteArray();
  }
}
