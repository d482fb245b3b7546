package dev.llmrouter.convert.internal;

/**
 * Takes a freeform tool's raw input out of streamed call arguments {@code {"input": "..."}} piece by
 * piece, so the client sees the input as it is written. Arguments of another shape give no pieces;
 * the whole input is then taken at the end with {@link ToolShapes#unwrapInput}. Not thread-safe;
 * one per call.
 */
public final class InputUnwrapper {
  private static final String OPENING = "{\"input\":\"";
  private int matched;
  private boolean inString;
  private boolean finished;
  private boolean failed;
  private boolean escape;
  private StringBuilder unicode;

  /**
   * {@return false when the arguments did not start as an object whose first member is the string
   * {@code input}; nothing was emitted}
   */
  public boolean streaming() {
    return !failed;
  }

  /**
   * Feeds a piece of the arguments.
   *
   * @param piece the next piece of JSON text
   * @return the raw input it holds, possibly empty
   */
  public String feed(String piece) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < piece.length() && !failed && !finished; i++) {
      char ch = piece.charAt(i);
      if (!inString) {
        if (Character.isWhitespace(ch) && (matched == 0 || matched == 1 || matched >= 8)) continue;
        if (ch == OPENING.charAt(matched)) {
          matched++;
          if (matched == OPENING.length()) inString = true;
        } else {
          failed = true;
        }
      } else if (unicode != null) {
        unicode.append(ch);
        if (unicode.length() == 4) {
          try {
            out.append((char) Integer.parseInt(unicode.toString(), 16));
          } catch (NumberFormatException e) {
            failed = true;
          }
          unicode = null;
        }
      } else if (escape) {
        escape = false;
        switch (ch) {
          case 'n': out.append('\n'); break;
          case 't': out.append('\t'); break;
          case 'r': out.append('\r'); break;
          case 'b': out.append('\b'); break;
          case 'f': out.append('\f'); break;
          case 'u': unicode = new StringBuilder(4); break;
          default: out.append(ch); break;
        }
      } else if (ch == '\\') {
        escape = true;
      } else if (ch == '"') {
        finished = true;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
