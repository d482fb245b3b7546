package dev.llmrouter.api.http;

/**
 * Base URLs as they may appear in logs: without user-info ({@code https://user:pass@host}) and
 * without query string or fragment, where relay URLs sometimes carry credentials. Stateless.
 */
public final class LogUrls {
  private LogUrls() {}

  /**
   * The URL without user-info, query and fragment; the scheme, host, port and path stay.
   *
   * @param url a URL, or null
   * @return the redacted URL ({@code ""} for null)
   */
  public static String redact(String url) {
    if (url == null) return "";
    String s = url;
    int cut = indexOfAny(s, '?', '#');
    if (cut >= 0) s = s.substring(0, cut);
    int scheme = s.indexOf("://");
    int hostStart = scheme >= 0 ? scheme + 3 : 0;
    int pathStart = s.indexOf('/', hostStart);
    int authorityEnd = pathStart >= 0 ? pathStart : s.length();
    int at = s.lastIndexOf('@', authorityEnd - 1);
    if (at >= hostStart) s = s.substring(0, hostStart) + s.substring(at + 1);
    return s;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) return i;
    }
    return -1;
  }
}
