package dev.llmrouter.api.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of one event from its exact bytes: lines ending in LF or CRLF, the last one
 * possibly unended, comment lines and fields other than {@code event}, {@code data} and {@code id}
 * kept in the bytes only. The blocking reader of an upstream body and the push-fed
 * {@link SseSplitter} both read their events' fields here. A stream repeats a few event names: the
 * names of the Messages and Responses streams are given as shared constants, and a stream's other
 * names as the last eight of them it has seen, so that no event makes a new string for its name and
 * an open stream holds none of its own for the usual ones. Not thread-safe; one instance per stream.
 */
public final class SseEventParser {
  /** The field names the parser keeps; the others are forwarded in the raw bytes only. */
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] ID = {'i', 'd'};

  /**
   * The event names of the Messages and Responses streams, the most frequent first: given as
   * these strings, whichever stream they come from.
   */
  private static final String[] KNOWN = {
    "content_block_delta", "response.output_text.delta", "response.function_call_arguments.delta",
    "response.custom_tool_call_input.delta", "response.reasoning_summary_text.delta",
    "response.reasoning_text.delta", "response.refusal.delta", "ping", "content_block_start",
    "content_block_stop", "message_start", "message_delta", "message_stop", "error", "response.created",
    "response.in_progress", "response.queued", "response.output_item.added", "response.output_item.done",
    "response.content_part.added", "response.content_part.done", "response.output_text.done",
    "response.output_text.annotation.added", "response.refusal.done", "response.function_call_arguments.done",
    "response.custom_tool_call_input.done", "response.reasoning_summary_part.added",
    "response.reasoning_summary_part.done", "response.reasoning_summary_text.done",
    "response.reasoning_text.done", "response.completed", "response.incomplete", "response.failed"
  };

  /** The other event names this stream used last (a ring), made when the first such name comes; see {@link #name}. */
  private String[] names;
  private int nextName;

  /** Creates a parser for one stream. */
  public SseEventParser() {}

  /**
   * Reads one event's fields. The data lines are decoded once and joined by newlines.
   *
   * @param raw the event's bytes, the closing blank line included if it came; kept by the event, not copied
   * @return the event, holding {@code raw}
   */
  public SseEvent parse(byte[] raw) {
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

  /**
   * The event's name: a known one's constant, else one of the last names this stream used if it is
   * one of them, else a new string.
   */
  private String name(byte[] raw, int start, int end) {
    String known = find(KNOWN, raw, start, end);
    if (known != null) return known;
    if (names == null) {
      names = new String[8];
    } else {
      String seen = find(names, raw, start, end);
      if (seen != null) return seen;
    }
    String name = utf8(raw, start, end);
    names[nextName] = name;
    nextName = (nextName + 1) % names.length;
    return name;
  }

  /** The string of {@code among}, up to its first null, that {@code raw[start..end)} spells; null if none. */
  private static String find(String[] among, byte[] raw, int start, int end) {
    int length = end - start;
    for (String s : among) {
      if (s == null) return null;
      if (s.length() == length && sameAscii(s, raw, start)) return s;
    }
    return null;
  }

  private static boolean sameAscii(String s, byte[] raw, int start) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != raw[start + i]) return false;
    }
    return true;
  }
}
