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
}
