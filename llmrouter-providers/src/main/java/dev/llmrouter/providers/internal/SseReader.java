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
 * CRLF and LF endings are both understood. A line or event longer than the reader's limit fails
 * with a {@link TooLargeException} once that many bytes are buffered, so memory stays bounded
 * whatever the upstream sends. Not thread-safe; one instance per stream.
 */
public final class SseReader {
  private static final ByteString LF = ByteString.encodeUtf8("\n");

  /** The default limit of one line or event: 16 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 16L << 20;

  private final BufferedSource source;
  private final long maxEventBytes;

  /**
   * Creates a reader over an upstream body with the default event limit.
   *
   * @param source the body's source; the reader does not close it, whoever owns the response does
   */
  public SseReader(BufferedSource source) {
    this(source, DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * Creates a reader over an upstream body.
   *
   * @param source the body's source; the reader does not close it, whoever owns the response does
   * @param maxEventBytes the largest line or event accepted, in bytes
   */
  public SseReader(BufferedSource source, long maxEventBytes) {
    this.source = source;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Reads the next event, blocking until its blank line arrives. An event cut off by the end of
   * the stream is returned as it is; a trailing run of blank lines is skipped.
   *
   * @return the event, or null at the end of the stream
   * @throws TooLargeException when a line or the event passes the limit
   * @throws IOException when reading the source fails, including a read timeout or a cancelled call
   */
  public SseEvent next() throws IOException {
    Buffer raw = new Buffer();
    String event = null;
    String id = null;
    StringBuilder data = null;
    boolean any = false;
    while (true) {
      // What this event may still take: its line is looked for within that many bytes only.
      long budget = maxEventBytes - raw.size();
      long nl = budget <= 0 ? -1 : source.indexOf(LF, 0, budget);
      ByteString line;
      if (nl < 0) {
        if (budget <= 0 || source.request(budget)) throw new TooLargeException("upstream event", maxEventBytes);
        // No newline and fewer bytes than the budget: the stream has ended, what is left is a final line.
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
