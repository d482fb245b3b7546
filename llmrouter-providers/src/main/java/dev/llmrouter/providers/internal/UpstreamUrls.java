package dev.llmrouter.providers.internal;

import java.util.regex.Pattern;

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
 */
public final class UpstreamUrls {
  private static final Pattern VERSION = Pattern.compile(".*/v\\d+[a-z0-9]*$");

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
    if (skipVersion || VERSION.matcher(base).matches()) return base + endpoint;
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

  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+[a-z0-9]*(/.*)$");

  /**
   * Removes the leading version segment ({@code /v1}, {@code /v1beta}) of a client path:
   * {@code /v1/messages} becomes {@code /messages}.
   *
   * @param clientPath the path the client called
   * @return the path without its version, or unchanged when it has none
   */
  public static String stripVersion(String clientPath) {
    java.util.regex.Matcher m = VERSION_PREFIX.matcher(clientPath);
    return m.matches() ? m.group(1) : clientPath;
  }
}
