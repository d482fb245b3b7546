package dev.llmrouter.convert.tokens;

/**
 * Counts the characters of text the way the estimate weighs them: CJK code points (Han, Hiragana,
 * Katakana, Hangul) and every other code point that is not white space. Mutable; not thread-safe.
 */
final class TextCount {
  private long cjk;
  private long other;

  /** Adds every code point of a text. */
  TextCount add(CharSequence text) {
    if (text == null) return this;
    int n = text.length();
    for (int i = 0; i < n; ) {
      char c = text.charAt(i);
      int cp;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        cp = Character.toCodePoint(c, text.charAt(i + 1));
        i += 2;
      } else {
        cp = c;
        i++;
      }
      addCodePoint(cp);
    }
    return this;
  }

  /** Adds ASCII punctuation or other non-space characters counted once each (JSON syntax). */
  TextCount addOther(long count) {
    other += count;
    return this;
  }

  void addCodePoint(int cp) {
    if (cp < 0x80) {
      if (!isSpace(cp)) other++;
      return;
    }
    if (isSpace(cp)) return;
    if (isCjk(cp)) {
      cjk++;
    } else {
      other++;
    }
  }

  /** {@code floor(cjk / 1.5 + other / 3.5 + 0.5)}. */
  long tokens() {
    return (long) Math.floor(cjk / 1.5 + other / 3.5 + 0.5);
  }

  /**
   * White space as Go's {@code unicode.IsSpace} defines it (the original's definition): the ASCII
   * spaces, U+0085, U+00A0 and the Unicode White_Space property. Java's
   * {@code Character.isWhitespace} differs (it excludes no-break spaces and includes U+001C..U+001F).
   */
  static boolean isSpace(int cp) {
    switch (cp) {
      case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ':
      case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  static boolean isCjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
  }
}
