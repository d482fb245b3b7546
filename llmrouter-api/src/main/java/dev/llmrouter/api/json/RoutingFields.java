package dev.llmrouter.api.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few fields that routing needs from a request body, found by one validating pass over the
 * bytes without building a tree. The body itself is kept untouched by the caller. Immutable.
 *
 * <p>Fields: top-level {@code model}, {@code stream}, {@code store}, {@code prompt_cache_key},
 * {@code previous_response_id}, and {@code metadata.user_id}. Absent or mistyped fields are null.
 *
 * @param model the top-level {@code model} string, or null
 * @param stream the top-level {@code stream} boolean, or null
 * @param store the top-level {@code store} boolean (Responses), or null
 * @param userId {@code metadata.user_id} (Anthropic), or null
 * @param promptCacheKey the top-level {@code prompt_cache_key} (Responses), or null
 * @param previousResponseId the top-level {@code previous_response_id} (Responses), or null
 * @param modelStart offset of the {@code model} string literal (its opening quote), or -1
 * @param modelEnd offset just past its closing quote, or -1
 */
public record RoutingFields(
    String model,
    Boolean stream,
    Boolean store,
    String userId,
    String promptCacheKey,
    String previousResponseId,
    int modelStart,
    int modelEnd) {

  /** Fields of a request that has no body fields (a Gemini URL model, for example). */
  public static final RoutingFields EMPTY = new RoutingFields(null, null, null, null, null, null, -1, -1);

  private static final byte[] MODEL = ascii("model");
  private static final byte[] STREAM = ascii("stream");
  private static final byte[] STORE = ascii("store");
  private static final byte[] METADATA = ascii("metadata");
  private static final byte[] USER_ID = ascii("user_id");
  private static final byte[] PROMPT_CACHE_KEY = ascii("prompt_cache_key");
  private static final byte[] PREVIOUS_RESPONSE_ID = ascii("previous_response_id");

  /** {@return true when the body asked for a streamed answer ({@code "stream": true})} */
  public boolean isStream() {
    return Boolean.TRUE.equals(stream);
  }

  /**
   * Scans a request body that must be one JSON object.
   *
   * @param body the request body, UTF-8 JSON; not modified
   * @return the fields found
   * @throws MalformedJsonException when the body is not a well-formed JSON object
   */
  public static RoutingFields scan(byte[] body) {
    return new Scan(body).run();
  }

  /**
   * Returns the body with the top-level {@code model} replaced, copying every other byte as it is.
   *
   * @param body the very body these fields were scanned from (the offsets refer to it)
   * @param newModel the model to write; null leaves the body as it is
   * @return a new array, or {@code body} itself when the body has no string {@code model} or it
   *     already has that value
   */
  public byte[] withModel(byte[] body, String newModel) {
    if (modelStart < 0 || newModel == null || newModel.equals(model)) return body;
    byte[] literal = Json.quote(newModel).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[body.length - (modelEnd - modelStart) + literal.length];
    System.arraycopy(body, 0, out, 0, modelStart);
    System.arraycopy(literal, 0, out, modelStart, literal.length);
    System.arraycopy(body, modelEnd, out, modelStart + literal.length, body.length - modelEnd);
    return out;
  }

  /**
   * Checks that the bytes hold exactly one well-formed JSON value.
   *
   * @param bytes the bytes to check, UTF-8
   * @throws MalformedJsonException naming the line and column of the first fault
   */
  public static void validate(byte[] bytes) {
    new Scan(bytes).validateDocument();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One validating pass; allocation only for the extracted values. */
  private static final class Scan {
    private static final int MAX_DEPTH = 512;
    private final byte[] b;
    private int pos;
    private String model;
    private Boolean stream;
    private Boolean store;
    private String userId;
    private String promptCacheKey;
    private String previousResponseId;
    private int modelStart = -1;
    private int modelEnd = -1;

    Scan(byte[] b) {
      this.b = b;
    }

    RoutingFields run() {
      skipWs();
      if (pos >= b.length) throw error("empty body: expected a JSON object");
      if (b[pos] != '{') throw error("expected a JSON object at $");
      pos++;
      skipWs();
      if (peek() == '}') {
        pos++;
      } else {
        while (true) {
          skipWs();
          int keyStart = pos;
          string();
          int keyEnd = pos;
          skipWs();
          expect(':');
          skipWs();
          topLevelMember(keyStart, keyEnd);
          skipWs();
          byte c = next();
          if (c == '}') break;
          if (c != ',') throw error("expected ',' or '}' at offset " + (pos - 1));
        }
      }
      skipWs();
      if (pos != b.length) throw error("unexpected data after the JSON object at offset " + pos);
      return new RoutingFields(model, stream, store, userId, promptCacheKey, previousResponseId, modelStart, modelEnd);
    }

    private void topLevelMember(int keyStart, int keyEnd) {
      int start = pos;
      if (keyIs(keyStart, keyEnd, MODEL)) {
        value(1);
        if (b[start] == '"') {
          model = decodeString(start, pos);
          modelStart = start;
          modelEnd = pos;
        } else {
          model = null;
          modelStart = modelEnd = -1;
        }
      } else if (keyIs(keyStart, keyEnd, STREAM)) {
        value(1);
        stream = bool(start);
      } else if (keyIs(keyStart, keyEnd, STORE)) {
        value(1);
        store = bool(start);
      } else if (keyIs(keyStart, keyEnd, PROMPT_CACHE_KEY)) {
        value(1);
        promptCacheKey = b[start] == '"' ? decodeString(start, pos) : null;
      } else if (keyIs(keyStart, keyEnd, PREVIOUS_RESPONSE_ID)) {
        value(1);
        previousResponseId = b[start] == '"' ? decodeString(start, pos) : null;
      } else if (keyIs(keyStart, keyEnd, METADATA) && b[start] == '{') {
        metadata();
      } else {
        value(1);
      }
    }

    private void metadata() {
      pos++; // '{'
      skipWs();
      if (peek() == '}') {
        pos++;
        return;
      }
      while (true) {
        skipWs();
        int keyStart = pos;
        string();
        int keyEnd = pos;
        skipWs();
        expect(':');
        skipWs();
        int start = pos;
        value(2);
        if (keyIs(keyStart, keyEnd, USER_ID)) {
          userId = b[start] == '"' ? decodeString(start, pos) : null;
        }
        skipWs();
        byte c = next();
        if (c == '}') return;
        if (c != ',') throw error("expected ',' or '}' at offset " + (pos - 1));
      }
    }

    private Boolean bool(int start) {
      if (b[start] == 't') return Boolean.TRUE;
      if (b[start] == 'f') return Boolean.FALSE;
      return null;
    }

    /** Compares a key literal (with quotes) to an ASCII name; keys with escapes are decoded first. */
    private boolean keyIs(int keyStart, int keyEnd, byte[] name) {
      int len = keyEnd - keyStart - 2;
      boolean escaped = false;
      for (int i = keyStart + 1; i < keyEnd - 1; i++) {
        if (b[i] == '\\') {
          escaped = true;
          break;
        }
      }
      if (escaped) {
        return decodeString(keyStart, keyEnd).equals(new String(name, StandardCharsets.US_ASCII));
      }
      return len == name.length
          && Arrays.equals(b, keyStart + 1, keyEnd - 1, name, 0, name.length);
    }

    private String decodeString(int start, int end) {
      for (int i = start + 1; i < end - 1; i++) {
        if (b[i] == '\\') {
          return Json.parse(Arrays.copyOfRange(b, start, end)).asString();
        }
      }
      return new String(b, start + 1, end - start - 2, StandardCharsets.UTF_8);
    }

    private void value(int depth) {
      if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " at offset " + pos);
      byte c = peek();
      switch (c) {
        case '{':
          pos++;
          skipWs();
          if (peek() == '}') {
            pos++;
            return;
          }
          while (true) {
            skipWs();
            string();
            skipWs();
            expect(':');
            skipWs();
            value(depth + 1);
            skipWs();
            byte d = next();
            if (d == '}') return;
            if (d != ',') throw error("expected ',' or '}' at offset " + (pos - 1));
          }
        case '[':
          pos++;
          skipWs();
          if (peek() == ']') {
            pos++;
            return;
          }
          while (true) {
            skipWs();
            value(depth + 1);
            skipWs();
            byte d = next();
            if (d == ']') return;
            if (d != ',') throw error("expected ',' or ']' at offset " + (pos - 1));
          }
        case '"':
          string();
          return;
        case 't':
          literal("true");
          return;
        case 'f':
          literal("false");
          return;
        case 'n':
          literal("null");
          return;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            number();
            return;
          }
          throw error("unexpected character '" + (char) c + "' at offset " + pos);
      }
    }

    private void string() {
      if (peek() != '"') throw error("expected a string at offset " + pos);
      pos++;
      while (true) {
        if (pos >= b.length) throw error("unterminated string");
        byte c = b[pos++];
        if (c == '"') return;
        if (c == '\\') {
          if (pos >= b.length) throw error("unterminated string");
          byte e = b[pos++];
          if (e == 'u') {
            for (int i = 0; i < 4; i++) {
              if (pos >= b.length || Character.digit(b[pos], 16) < 0) {
                throw error("bad \\u escape at offset " + pos);
              }
              pos++;
            }
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            throw error("bad escape at offset " + (pos - 1));
          }
        } else if ((c & 0xff) < 0x20) {
          throw error("control character in string at offset " + (pos - 1));
        }
      }
    }

    private void number() {
      int start = pos;
      if (peek() == '-') pos++;
      if (peek() == '0') {
        pos++;
      } else if (digit()) {
        while (digit()) pos++;
      } else {
        throw error("bad number at offset " + start);
      }
      if (pos < b.length && b[pos] == '.') {
        pos++;
        if (!digit()) throw error("bad number at offset " + start);
        while (digit()) pos++;
      }
      if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
        pos++;
        if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) pos++;
        if (!digit()) throw error("bad number at offset " + start);
        while (digit()) pos++;
      }
    }

    private boolean digit() {
      return pos < b.length && b[pos] >= '0' && b[pos] <= '9';
    }

    private void literal(String word) {
      for (int i = 0; i < word.length(); i++) {
        if (pos >= b.length || b[pos] != word.charAt(i)) throw error("bad literal at offset " + pos);
        pos++;
      }
    }

    private void expect(char c) {
      if (pos >= b.length || b[pos] != c) throw error("expected '" + c + "' at offset " + pos);
      pos++;
    }

    private byte peek() {
      if (pos >= b.length) throw error("unexpected end of JSON at offset " + pos);
      return b[pos];
    }

    private byte next() {
      byte c = peek();
      pos++;
      return c;
    }

    private void skipWs() {
      while (pos < b.length) {
        byte c = b[pos];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          pos++;
        } else {
          return;
        }
      }
    }

    private MalformedJsonException error(String message) {
      int line = 1;
      int col = 1;
      for (int i = 0; i < Math.min(pos, b.length); i++) {
        if (b[i] == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      return new MalformedJsonException(message + " (line " + line + ", column " + col + ")");
    }

    /** Validates that the whole input is one JSON value. */
    void validateDocument() {
      skipWs();
      if (pos >= b.length) throw error("empty input: expected a JSON value");
      value(1);
      skipWs();
      if (pos != b.length) throw error("unexpected data after the JSON value at offset " + pos);
    }
  }
}
