package dev.llmrouter.providers.internal;

/**
 * Builds upstream URLs from a channel's base URL. Stateless.
 *
 * <p>Rule R (Claude, Chat Completions and Responses upstreams): a trailing {@code #} means "the base
 * already has its version, append the endpoint as is"; trailing slashes are removed; when the base
 * ends in a version segment such as {@code /v1}, {@code /v2} or {@code /v1beta} the endpoint is
 * appended directly, otherwise {@code /v1} is inserted first.
 *
 * <p>Gemini upstreams use the same rule with {@code /v1beta} as the inserted version, so a base of
 * {@code https://generativelanguage.googleapis.com} and one ending in {@code /v1beta} both work.
 *
 * <p>A version segment is {@code /v}, one or more digits, then lower-case letters and digits
 * ({@code /v1}, {@code /v2}, {@code /v1beta}). The segments are found by a scan rather than a
 * regular expression: every passed-through request builds its URL here.
 */
public final class UpstreamUrls {
  private UpstreamUrls() {}

  /**
   * Joins a base URL and an endpoint path (starting with {@code /}, without version) by rule R.
   *
   * @param baseUrl the channel's base URL; surrounding whitespace and trailing slashes are ignored
   * @param defaultVersion the version segment to insert when the base has none, such as {@code /v1}
   * @param endpoint the endpoint path, such as {@code /messages}
   * @return the absolute URL
   * @throws NullPointerException when {@code baseUrl} is null
   */
  public static String join(String baseUrl, String defaultVersion, String endpoint) {
    String base = baseUrl.trim();
    boolean skipVersion = false;
    if (base.endsWith("#")) {
      base = base.substring(0, base.length() - 1);
      skipVersion = true;
    }
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    if (skipVersion || endsWithVersion(base)) return base + endpoint;
    return base + defaultVersion + endpoint;
  }

  /**
   * Joins by rule R with {@code /v1} as the inserted version.
   *
   * @param baseUrl the channel's base URL
   * @param endpoint the endpoint path, such as {@code /messages}
   * @return the absolute URL
   * @throws NullPointerException when {@code baseUrl} is null
   */
  public static String v1(String baseUrl, String endpoint) {
    return join(baseUrl, "/v1", endpoint);
  }

  /**
   * Appends a raw query string when there is one, after {@code ?} or, when the URL already has a
   * query, {@code &}.
   *
   * @param url the URL
   * @param rawQuery the query as the client sent it, without {@code ?}; null or empty for none
   * @return the URL with the query
   */
  public static String withQuery(String url, String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return url;
    return url + (url.indexOf('?') >= 0 ? "&" : "?") + rawQuery;
  }

  /**
   * Removes the leading version segment ({@code /v1}, {@code /v1beta}) of a client path:
   * {@code /v1/messages} becomes {@code /messages}.
   *
   * @param clientPath the path the client called
   * @return the path without its version, or unchanged when it has none
   */
  public static String stripVersion(String clientPath) {
    if (!clientPath.startsWith("/")) return clientPath;
    int end = versionEnd(clientPath, 1);
    if (end < 0 || end >= clientPath.length() || clientPath.charAt(end) != '/' || hasLineBreak(clientPath, end)) {
      return clientPath;
    }
    return clientPath.substring(end);
  }

  /** Whether the last segment of a URL without line breaks is a version segment. */
  private static boolean endsWithVersion(String url) {
    int slash = url.lastIndexOf('/');
    return slash >= 0 && versionEnd(url, slash + 1) == url.length() && !hasLineBreak(url, 0);
  }

  /**
   * Reads a version segment's name ({@code v}, digits, then lower-case letters and digits) at
   * {@code from}; {@return the index after it, or -1 when there is none}
   */
  private static int versionEnd(String s, int from) {
    int i = from;
    if (i >= s.length() || s.charAt(i) != 'v') return -1;
    i++;
    int digits = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    if (i == digits) return -1;
    while (i < s.length() && (s.charAt(i) >= 'a' && s.charAt(i) <= 'z' || s.charAt(i) >= '0' && s.charAt(i) <= '9')) i++;
    return i;
  }

  /** Whether {@code s} has, from {@code from}, a character a regular expression's {@code .} does not match. */
  private static boolean hasLineBreak(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') return true;
    }
    return false;
  }
}
