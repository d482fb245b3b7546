package dev.llmrouter.server.ingress;

/** Query-string helpers. Stateless. */
final class QueryStrings {
  private QueryStrings() {}

  /**
   * The raw query without its {@code key} parameters (the access key of Gemini clients, which must
   * never travel further), or null when nothing is left.
   */
  static String withoutKey(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return null;
    StringBuilder sb = new StringBuilder(rawQuery.length());
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty() || part.equals("key") || part.startsWith("key=")) continue;
      if (sb.length() > 0) sb.append('&');
      sb.append(part);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * Tells whether the first parameter of that name in a raw query has exactly that raw value (a
   * value written with escapes does not match: such a request goes the general way, which decodes it).
   */
  static boolean has(String rawQuery, String name, String value) {
    if (rawQuery == null || rawQuery.isEmpty()) return false;
    int at = 0;
    while (at <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', at);
      if (end < 0) end = rawQuery.length();
      if (rawQuery.startsWith(name, at)) {
        int after = at + name.length();
        if (after == end) return value.isEmpty();
        if (rawQuery.charAt(after) == '=') return rawQuery.regionMatches(after + 1, value, 0, value.length()) && end - after - 1 == value.length();
      }
      at = end + 1;
    }
    return false;
  }
}
