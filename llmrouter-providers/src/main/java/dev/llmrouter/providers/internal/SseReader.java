package dev.llmrouter.providers.internal;

import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads server-sent events from an upstream body, keeping each event's exact bytes (comments,
 * {@code id:}, {@code retry:} and unknown fields included) so that passthrough loses nothing.
 * CRLF and LF endings are both understood. A line or event longer than the reader's limit fails
 * with a {@link TooLargeException} once that many bytes are buffered, so memory stays bounded
 * whatever the upstream sends. Not thread-safe; one instance per stream.
 */
public final class SseReader {
  /** The field names the reader keeps; the others are forwarded in the raw bytes only. */
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] ID = {'i', 'd'};

  /** The default limit of one line or event: 16 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 16L << 20;

  private final BufferedSource source;
  private final long maxEventBytes;
  /** The event names this stream used last (a ring); see {@link #name}. */
  private final String[] names = new String[8];
  private int nextName;

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
        return parse(source.readByteArray(buffered.size()));
      }
      long end = nl;
      if (end > lineStart && buffered.getByte(end - 1) == '\r') end--;
      if (end == lineStart) return parse(source.readByteArray(nl + 1)); // the blank line ending it
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

  /** The fields of one event's bytes: lines ending in LF or CRLF, the last one possibly unended. */
  private SseEvent parse(byte[] raw) {
    String event = null;
    String id = null;
    int dataStart = -1;
    int dataEnd = -1;
    StringBuilder data = null;
    int pos = 0;
    while (pos < raw.length) {
      int nl = pos;
      while (nl < raw.length && raw[nl] != '\n') nl++;
      int end = nl;
      if (end > pos && raw[end - 1] == '\r') end--;
      int lineStart = pos;
      pos = nl + 1;
      if (end == lineStart || raw[lineStart] == ':') continue; // the closing blank line, or a comment
      int colon = lineStart;
      while (colon < end && raw[colon] != ':') colon++;
      int value = colon < end ? colon + 1 : end;
      if (value < end && raw[value] == ' ') value++;
      int fieldLength = colon - lineStart;
      if (is(raw, lineStart, fieldLength, EVENT)) {
        event = name(raw, value, end);
      } else if (is(raw, lineStart, fieldLength, DATA)) {
        if (dataStart < 0) {
          dataStart = value;
          dataEnd = end;
        } else {
          if (data == null) data = new StringBuilder(utf8(raw, dataStart, dataEnd));
          data.append('\n').append(utf8(raw, value, end));
        }
      } else if (is(raw, lineStart, fieldLength, ID)) {
        id = utf8(raw, value, end);
      }
    }
    String joined = data != null ? data.toString() : dataStart >= 0 ? utf8(raw, dataStart, dataEnd) : null;
    return new SseEvent(event, joined, id, raw);
  }

  private static boolean is(byte[] raw, int start, int length, byte[] field) {
    return length == field.length && Arrays.equals(raw, start, start + length, field, 0, length);
  }

  private static String utf8(byte[] raw, int start, int end) {
    return new String(raw, start, end - start, StandardCharsets.UTF_8);
  }

  /** The event's name: a stream repeats a few names, so the last ones seen are given again, not copied. */
  private String name(byte[] raw, int start, int end) {
    int length = end - start;
    for (String known : names) {
      if (known == null) break;
      if (known.length() == length && sameAscii(known, raw, start)) return known;
    }
    String name = utf8(raw, start, end);
    names[nextName] = name;
    nextName = (nextName + 1) % names.length;
    return name;
  }

  private static boolean sameAscii(String s, byte[] raw, int start) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != raw[start + i]) return false;
    }
    return true;
  }
}
