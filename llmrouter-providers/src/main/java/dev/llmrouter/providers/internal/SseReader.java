package dev.llmrouter.providers.internal;

import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads server-sent events from an upstream body, keeping each event's exact bytes (comments,
 * {@code id:}, {@code retry:} and unknown fields included) so that passthrough loses nothing.
 * Lines may be of any length; CRLF and LF endings are both understood. Not thread-safe; one
 * instance per stream.
 */
public final class SseReader {
  private static final ByteString LF = ByteString.encodeUtf8("\n");

  private final BufferedSource source;

  /**
   * Creates a reader over an upstream body.
   *
   * @param source the body's source; the reader does not close it, whoever owns the response does
   */
  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads the next event, blocking until its blank line arrives. An event cut off by the end of
   * the stream is returned as it is; a trailing run of blank lines is skipped.
   *
   * @return the event, or null at the end of the stream
   * @throws IOException when reading the source fails, including a read timeout or a cancelled call
   */
  public SseEvent next() throws IOException {
    Buffer raw = new Buffer();
    String event = null;
    String id = null;
    StringBuilder data = null;
    boolean any = false;
    while (true) {
      long nl = source.indexOf(LF);
      ByteString line;
      if (nl < 0) {
        // indexOf found no newline, so the stream has ended: what is left is a final, unterminated line.
        line = source.readByteString();
        if (line.size() == 0) {
          if (!any) return null;
          return new SseEvent(event, data == null ? null : data.toString(), id, raw.readByteArray());
        }
      } else {
        line = source.readByteString(nl + 1);
      }
      int len = line.size();
      int end = len;
      if (end > 0 && line.getByte(end - 1) == '\n') end--;
      if (end > 0 && line.getByte(end - 1) == '\r') end--;
      if (end == 0) {
        if (!any) continue; // blank lines between events
        raw.write(line);
        return new SseEvent(event, data == null ? null : data.toString(), id, raw.readByteArray());
      }
      any = true;
      raw.write(line);
      String text = line.substring(0, end).string(StandardCharsets.UTF_8);
      if (text.charAt(0) == ':') continue;
      int colon = text.indexOf(':');
      String field = colon < 0 ? text : text.substring(0, colon);
      String value = colon < 0 ? "" : text.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      switch (field) {
        case "event":
          event = value;
          break;
        case "data":
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
          break;
        case "id":
          id = value;
          break;
        default:
          break;
      }
    }
  }
}
