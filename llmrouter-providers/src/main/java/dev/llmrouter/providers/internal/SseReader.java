package dev.llmrouter.providers.internal;

import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseEventParser;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads server-sent events from an upstream body, keeping each event's exact bytes (comments,
 * {@code id:}, {@code retry:} and unknown fields included) so that passthrough loses nothing.
 * CRLF and LF endings are both understood. A line or event longer than the reader's limit fails
 * with a {@link TooLargeException} once that many bytes are buffered, so memory stays bounded
 * whatever the upstream sends. {@link dev.llmrouter.api.sse.SseSplitter} gives the same events
 * from a body pushed in chunks. Not thread-safe; one instance per stream.
 */
public final class SseReader {
  /** The default limit of one line or event: 16 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 16L << 20;

  private final BufferedSource source;
  private final long maxEventBytes;
  /** Reads the fields of each event, reusing the stream's recent event names. */
  private final SseEventParser parser = new SseEventParser();

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
   * <p>The event's end is found in the source's buffer and its bytes are taken out in one copy;
   * its fields are then read from that copy (the {@code data:} lines decoded once), so that an
   * event costs about twice its size in allocation, not a copy per line and per field.
   *
   * @return the event, or null at the end of the stream
   * @throws TooLargeException when a line or the event passes the limit
   * @throws IOException when reading the source fails, including a read timeout or a cancelled call
   */
  public SseEvent next() throws IOException {
    if (!skipBlankLines()) return null;
    Buffer buffered = source.getBuffer();
    long lineStart = 0; // where the event's next line starts, counted from the source's head
    while (true) {
      // The line is looked for within the event's limit only.
      long nl = lineStart >= maxEventBytes ? -1 : source.indexOf((byte) '\n', lineStart, maxEventBytes);
      if (nl < 0) {
        if (lineStart >= maxEventBytes || source.request(maxEventBytes)) {
          throw new TooLargeException("upstream event", maxEventBytes);
        }
        // No newline and fewer bytes than the limit: the stream has ended, what is left is a final line.
        return parser.parse(source.readByteArray(buffered.size()));
      }
      long end = nl;
      if (end > lineStart && buffered.getByte(end - 1) == '\r') end--;
      if (end == lineStart) return parser.parse(source.readByteArray(nl + 1)); // the blank line ending it
      lineStart = nl + 1;
    }
  }

  /** Skips the blank lines before an event; false at the end of the stream. */
  private boolean skipBlankLines() throws IOException {
    Buffer buffered = source.getBuffer();
    while (source.request(1)) {
      byte b = buffered.getByte(0);
      if (b == '\n') {
        source.skip(1);
      } else if (b == '\r' && (!source.request(2) || buffered.getByte(1) == '\n')) {
        source.skip(Math.min(2, buffered.size())); // CRLF, or a CR that ends the stream
      } else {
        return true;
      }
    }
    return false;
  }
}
