package dev.llmrouter.server.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the line of a member of a well-formed JSON document from a field path such as
 * {@code upstream[2].modelMapping.opus}, so that a refused config file can be reported by line.
 * Stateless entry point; each lookup scans the bytes once.
 */
final class JsonLines {
  private final byte[] b;
  private int pos;
  private int line = 1;
  private int hitLine;

  private JsonLines(byte[] b) {
    this.b = b;
  }

  /**
   * Returns the 1-based line of the member (or element) the path names, the line of the deepest part
   * of the path that exists when the rest does not, or 0 when nothing matches or the text is not JSON.
   */
  static int lineOf(byte[] json, String path) {
    try {
      return new JsonLines(json).find(tokens(path));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Splits {@code a[1].b.c} into "a", 1, "b", "c" (a map key with a dot resolves to its map's line). */
  static List<Object> tokens(String path) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        out.add(Integer.parseInt(path.substring(i + 1, end)));
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') end++;
        out.add(path.substring(i, end));
        i = end;
      }
    }
    return out;
  }

  private int find(List<Object> tokens) {
    int found = 0;
    for (Object token : tokens) {
      skipWhitespace();
      if (token instanceof String name) {
        if (!enterMemberNamed(name)) return found;
      } else if (!enterElement((Integer) token)) {
        return found;
      }
      found = hitLine;
    }
    return found;
  }

  /** Positioned before an object: moves to the value of the named member. */
  private boolean enterMemberNamed(String name) {
    if (b[pos] != '{') return false;
    pos++;
    while (true) {
      skipWhitespace();
      if (b[pos] == '}') return false;
      if (b[pos] == ',') {
        pos++;
        continue;
      }
      int keyLine = line;
      String key = readString();
      skipWhitespace();
      pos++; // ':'
      skipWhitespace();
      if (key.equals(name)) {
        hitLine = keyLine;
        return true;
      }
      skipValue();
    }
  }

  /** Positioned before an array: moves to the element at the index. */
  private boolean enterElement(int index) {
    if (b[pos] != '[') return false;
    pos++;
    for (int i = 0; ; i++) {
      skipWhitespace();
      if (b[pos] == ']') return false;
      if (i == index) {
        hitLine = line;
        return true;
      }
      skipValue();
      skipWhitespace();
      if (b[pos] == ',') pos++;
    }
  }

  private void skipValue() {
    skipWhitespace();
    byte c = b[pos];
    if (c == '"') {
      readString();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      do {
        byte d = b[pos];
        if (d == '"') {
          readString();
          continue;
        }
        if (d == '{' || d == '[') depth++;
        if (d == '}' || d == ']') depth--;
        if (d == '\n') line++;
        pos++;
      } while (depth > 0);
    } else {
      while (pos < b.length && b[pos] != ',' && b[pos] != '}' && b[pos] != ']' && !isWhitespace(b[pos])) pos++;
    }
  }

  private String readString() {
    int start = ++pos;
    while (b[pos] != '"') pos += b[pos] == '\\' ? 2 : 1;
    String raw = new String(b, start, pos - start, StandardCharsets.UTF_8);
    pos++;
    return raw.indexOf('\\') < 0 ? raw : unescape(raw);
  }

  private static String unescape(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = raw.charAt(++i);
      switch (e) {
        case 'n': sb.append('\n'); break;
        case 't': sb.append('\t'); break;
        case 'r': sb.append('\r'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'u': sb.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16)); i += 4; break;
        default: sb.append(e);
      }
    }
    return sb.toString();
  }

  private void skipWhitespace() {
    while (pos < b.length && isWhitespace(b[pos])) {
      if (b[pos] == '\n') line++;
      pos++;
    }
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
