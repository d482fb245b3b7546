package dev.llmrouter.api.provider;

import java.nio.charset.StandardCharsets;

/**
 * Bytes of one or more complete server-sent events, in the client's protocol, ready to write and
 * flush. Immutable as long as nobody modifies {@code bytes}.
 *
 * @param bytes the event bytes; do not modify
 * @param error true when this frame reports an error (an in-band upstream error, or the end of a
 *     stream that broke); an error frame is always the last frame of a stream
 */
public record StreamFrame(byte[] bytes, boolean error) {
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

  @Override
  public String toString() {
    return "StreamFrame{error=" + error + ", " + text() + "}";
  }
}
