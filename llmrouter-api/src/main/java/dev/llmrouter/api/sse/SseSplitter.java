package dev.llmrouter.api.sse;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a server-sent event stream that arrives in chunks, such as from a non-blocking socket,
 * into events, with the same events as the blocking reader of an upstream body gives for the same
 * bytes: each event's exact bytes (comments, {@code id:}, {@code retry:} and unknown fields
 * included, the closing blank line too), LF or CRLF line ends, blank lines between events skipped.
 *
 * <p>{@link #feed} the chunks as they come and {@link #poll} after each until it returns null; at
 * the end of the stream, {@link #finish} gives an event the stream cut off. The bytes not yet
 * returned are kept in one array, each copied once in and once out to its event. Polled so, the
 * splitter holds at most the limit of one event plus one chunk: a line or event that passes the
 * limit fails with a {@link TooLargeEventException} as soon as that many bytes are held. Once every
 * complete event is polled and no bytes are left, an array grown past {@value #KEPT_BYTES} bytes
 * (by a long event or a large chunk) is let go of: a stream that waits for its next event, as
 * thousands of open ones do, keeps at most that much, and the usual small chunks reuse it without a
 * new array each. Not thread-safe; one instance per stream.
 */
public final class SseSplitter {
  /** The largest array the JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The array of a splitter that holds no bytes. */
  private static final byte[] NONE = new byte[0];
  /** The largest array kept between events. */
  static final int KEPT_BYTES = 1024;

  private final long maxEventBytes;
  private final SseEventParser parser = new SseEventParser();
  /** The bytes not yet returned: {@code buffer[start..end)}. */
  private byte[] buffer = NONE;
  private int start;
  private int end;
  /** Whether an event begins at {@code start} (the blank lines before it are skipped). */
  private boolean inEvent;
  /** Where the event's current line begins. */
  private int lineStart;
  /** Where the search for the event's end goes on: the bytes before are searched. */
  private int scanned;
  /** Where the complete event at {@code start} ends, or -1 while it has not. */
  private int eventEnd = -1;

  /**
   * Creates a splitter for one stream.
   *
   * @param maxEventBytes the largest line or event accepted, in bytes, the blank line that ends it included
   * @throws IllegalArgumentException when {@code maxEventBytes < 1}
   */
  public SseSplitter(long maxEventBytes) {
    if (maxEventBytes < 1) throw new IllegalArgumentException("maxEventBytes < 1: " + maxEventBytes);
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Takes the next bytes of the stream: all the chunk's remaining bytes are copied, and its
   * position is moved to its limit, so the caller may reuse it at once.
   *
   * @param chunk the bytes
   * @throws TooLargeEventException when the event not yet complete passes the limit
   * @throws IllegalStateException when more than 2 GiB would be held, as only happens when complete
   *     events are left unpolled
   */
  public void feed(ByteBuffer chunk) throws TooLargeEventException {
    int n = chunk.remaining();
    if (n > buffer.length - end) makeRoom(n);
    chunk.get(buffer, end, n);
    end += n;
    scan();
  }

  /**
   * Returns the next complete event, one whose blank line has arrived.
   *
   * @return the event, or null when no event is complete yet
   * @throws TooLargeEventException when the next event passes the limit before it is complete
   */
  public SseEvent poll() throws TooLargeEventException {
    if (!scan()) return null;
    byte[] raw = Arrays.copyOfRange(buffer, start, eventEnd);
    start = eventEnd;
    inEvent = false;
    eventEnd = -1;
    return parser.parse(raw);
  }

  /**
   * Ends the stream and returns the event it cut off: the bytes after the last complete event, if
   * any of them are not blank lines. Call it once {@link #poll} has returned null.
   *
   * @return the cut-off event, or null when the stream ended between events
   * @throws TooLargeEventException when the cut-off event passes the limit
   * @throws IllegalStateException when a complete event has not been polled
   */
  public SseEvent finish() throws TooLargeEventException {
    if (scan()) throw new IllegalStateException("a complete event is left: poll() until it returns null");
    // Not in an event, only a CR can be left: a blank line the stream ended in.
    byte[] raw = inEvent ? Arrays.copyOfRange(buffer, start, end) : null;
    start = 0;
    end = 0;
    inEvent = false;
    buffer = NONE;
    return raw != null ? parser.parse(raw) : null;
  }

  /**
   * Searches the pending bytes for the end of the event at {@code start}, going on where the last
   * search stopped, so that each byte is looked at once.
   *
   * @return whether the event is complete
   */
  private boolean scan() throws TooLargeEventException {
    if (eventEnd >= 0) return true;
    if (!inEvent) {
      if (!skipBlankLines()) return false;
      inEvent = true;
      lineStart = start;
      scanned = start;
    }
    // The event's end is looked for within its limit only.
    int searchEnd = (int) Math.min(end, start + maxEventBytes);
    byte[] b = buffer;
    for (int i = scanned; i < searchEnd; i++) {
      if (b[i] != '\n') continue;
      if (i == lineStart || (i == lineStart + 1 && b[lineStart] == '\r')) {
        eventEnd = i + 1;
        return true;
      }
      lineStart = i + 1;
    }
    scanned = searchEnd;
    if (end - start >= maxEventBytes) throw new TooLargeEventException(maxEventBytes);
    return false;
  }

  /**
   * Skips the blank lines before an event (LF or CRLF).
   *
   * @return whether an event begins at {@code start}; false when more bytes are needed to know
   */
  private boolean skipBlankLines() {
    byte[] b = buffer;
    while (start < end) {
      if (b[start] == '\n') {
        start++;
      } else if (b[start] != '\r') {
        return true;
      } else if (start + 1 == end) {
        return false; // a CR: a blank line if an LF or the end of the stream follows, else part of an event
      } else if (b[start + 1] == '\n') {
        start += 2;
      } else {
        return true;
      }
    }
    // Nothing left: an array a long event or a large chunk grew goes too.
    start = 0;
    end = 0;
    if (buffer.length > KEPT_BYTES) buffer = NONE;
    return false;
  }

  /** {@return the length of the array the splitter holds, for tests} */
  int heldBytes() {
    return buffer.length;
  }

  /**
   * Makes room for {@code n} more bytes at {@code end}: moves the pending bytes to the front, and
   * grows the array if that is not enough. A pending byte is moved at most once, as only polling
   * moves {@code start} away from the front.
   */
  private void makeRoom(int n) {
    int pending = end - start;
    if ((long) pending + n > MAX_ARRAY) {
      throw new IllegalStateException("more than 2 GiB pending: poll() until it returns null after each feed()");
    }
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, pending);
      lineStart -= start;
      scanned -= start;
      if (eventEnd >= 0) eventEnd -= start;
      start = 0;
      end = pending;
    }
    if (pending + n > buffer.length) {
      // Doubling, but never past what the limit lets the splitter hold: one event plus this chunk.
      long grown = Math.min(2L * buffer.length, Math.min(maxEventBytes + n, MAX_ARRAY));
      buffer = Arrays.copyOf(buffer, (int) Math.max(pending + n, grown));
    }
  }
}
