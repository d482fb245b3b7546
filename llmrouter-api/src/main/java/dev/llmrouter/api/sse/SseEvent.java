package dev.llmrouter.api.sse;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as read from a stream. {@link #raw()} holds the exact bytes of the event
 * (all its lines and the blank line that ends it), so passthrough can forward it untouched,
 * comments, {@code id:} and {@code retry:} lines included. Immutable as long as nobody writes to
 * {@code raw}.
 *
 * @param event the {@code event:} field, or null when absent
 * @param data the {@code data:} lines joined by newlines, or null when there were none
 * @param id the {@code id:} field, or null
 * @param raw the event's bytes as received; do not modify
 */
public record SseEvent(String event, String data, String id, byte[] raw) {

  /**
   * Builds an event and its wire bytes with {@link SseFrames#encode}.
   *
   * @param event the {@code event:} field, or null for none
   * @param data the data, split into one {@code data:} line per line; or null for none
   * @return the event, without an id
   */
  public static SseEvent of(String event, String data) {
    return new SseEvent(event, data, null, SseFrames.encode(event, data));
  }

  /** {@return the raw bytes decoded as UTF-8, for tests and logs} */
  public String rawString() {
    return new String(raw, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SseEvent{event=" + event + ", data=" + data + "}";
  }
}
