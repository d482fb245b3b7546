package dev.llmrouter.api.provider;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.model.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bytes of one or more complete server-sent events, in the client's protocol, ready to write and
 * flush; for a converted stream, also the common events the bytes were encoded from, so that a typed
 * reader takes those instead of decoding the bytes again. Immutable as long as nobody modifies
 * {@code bytes}.
 *
 * @param bytes the event bytes; do not modify
 * @param error true when this frame reports an error (an in-band upstream error, or the end of a
 *     stream that broke); an error frame is always the last frame of a stream
 * @param events the common events behind {@code bytes}, in order (events that gave no bytes of their
 *     own ride with the next frame), or null when the frame was not made from common events (bytes
 *     passed through, or an error frame made from a message): then only the bytes tell
 */
public record StreamFrame(byte[] bytes, boolean error, List<StreamEvent> events) {
  /**
   * Copies the event list, so that the frame stays immutable.
   *
   * @param bytes the event bytes; not copied, so do not modify them afterwards
   * @param error true when this frame reports an error
   * @param events the common events behind the bytes, or null
   * @throws NullPointerException when one of the events is null
   */
  public StreamFrame {
    events = events == null ? null : List.copyOf(events);
  }

  /**
   * A frame of bytes only ({@link #events()} is null).
   *
   * @param bytes complete SSE events; not copied, so do not modify them afterwards
   * @param error true when this frame reports an error
   */
  public StreamFrame(byte[] bytes, boolean error) {
    this(bytes, error, null);
  }

  /**
   * Wraps ordinary (non-error) event bytes.
   *
   * @param bytes complete SSE events; not copied, so do not modify them afterwards
   * @return the frame
   */
  public static StreamFrame of(byte[] bytes) {
    return new StreamFrame(bytes, false);
  }

  /** {@return the bytes decoded as UTF-8, for tests and logs} */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The answer text this frame adds, whatever the client protocol: Anthropic Messages
   * {@code content_block_delta} with a {@code text_delta}, OpenAI Responses
   * {@code response.output_text.delta}, Chat Completions {@code choices[].delta.content}, and
   * Gemini {@code candidates[].content.parts[].text} (thoughts left out). Other events (starts,
   * stops, usage, thinking, tool calls, pings) add nothing.
   *
   * @return the text of the frame's events, or {@code ""} when they carry none
   */
  public String textDelta() {
    StringBuilder sb = null;
    for (String line : text().split("\n")) {
      String data = line.startsWith("data:") ? line.substring(5).strip()
          : line.startsWith("{") || line.startsWith(",{") || line.startsWith("[{") ? line.replaceFirst("^[,\\[]", "")
          : null;
      if (data == null || !data.startsWith("{")) continue;
      String delta;
      try {
        delta = TextDeltas.of(Json.parseObject(data));
      } catch (RuntimeException e) {
        continue;
      }
      if (delta == null || delta.isEmpty()) continue;
      if (sb == null) sb = new StringBuilder();
      sb.append(delta);
    }
    return sb == null ? "" : sb.toString();
  }

  @Override
  public String toString() {
    return "StreamFrame{error=" + error + ", " + text() + "}";
  }
}
