package dev.llmrouter.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks client access keys. The key is read from {@code x-api-key}, then {@code Authorization:
 * Bearer}, then {@code x-goog-api-key} (and, where allowed, the {@code key} query parameter, as
 * Gemini clients send it), and compared in constant time. This class is thread-safe.
 */
public final class AccessControl {
  private static final String X_API_KEY_NAME = "x-api-key";
  private static final String AUTHORIZATION_NAME = "Authorization";
  private static final String X_GOOG_API_KEY_NAME = "x-goog-api-key";

  /** Never updated, only cloned. */
  private final MessageDigest sha256Prototype = newSha256();
  private final byte[] proxyDigest;
  private final byte[] adminDigest;

  /**
   * @param proxyKey the key for the proxy API; must not be empty
   * @param adminKey the key for the admin API, or empty to use the proxy key
   */
  public AccessControl(String proxyKey, String adminKey) {
    if (proxyKey == null || proxyKey.isEmpty()) throw new IllegalArgumentException("empty access key");
    this.proxyDigest = digest(proxyKey);
    this.adminDigest = adminKey == null || adminKey.isEmpty() ? proxyDigest : digest(adminKey);
  }

  /** True when the request carries the proxy key. */
  public boolean allowsProxy(HttpServerExchange exchange, boolean queryKeyAllowed) {
    return matches(extract(exchange, queryKeyAllowed), proxyDigest);
  }

  /**
   * True when request headers carry the proxy key (a key in the query, which Gemini clients may
   * use, is not looked at: such a request is checked with its exchange).
   */
  public boolean allowsProxy(dev.llmrouter.api.http.HttpHeaders headers) {
    return matches(extract(headers::get), proxyDigest);
  }

  /** True when the request carries the admin key. */
  public boolean allowsAdmin(HttpServerExchange exchange) {
    return matches(extract(exchange, false), adminDigest);
  }

  /** True when the request carries any key at all (for the log's reason). */
  public static boolean hasKey(HttpServerExchange exchange) {
    return extract(exchange, true) != null;
  }

  static String extract(HttpServerExchange exchange, boolean queryKeyAllowed) {
    HeaderMap h = exchange.getRequestHeaders();
    String v = extract(name -> h.getFirst(name));
    if (v != null) return v;
    if (queryKeyAllowed) {
      java.util.Deque<String> q = exchange.getQueryParameters().get("key");
      if (q != null && !q.isEmpty() && !q.getFirst().isEmpty()) return q.getFirst();
    }
    return null;
  }

  /** The key in a request's headers, by the order of precedence; null when none. */
  private static String extract(java.util.function.Function<String, String> header) {
    String v = header.apply(X_API_KEY_NAME);
    if (v != null && !v.isEmpty()) return v;
    v = header.apply(AUTHORIZATION_NAME);
    if (v != null && !v.isEmpty()) {
      return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).strip() : v;
    }
    v = header.apply(X_GOOG_API_KEY_NAME);
    if (v != null && !v.isEmpty()) return v;
    return null;
  }

  private boolean matches(String presented, byte[] expectedDigest) {
    // Digests have a fixed length, so the comparison takes the same time whatever the key's length.
    byte[] d = digest(presented == null ? "" : presented);
    return MessageDigest.isEqual(d, expectedDigest) && presented != null;
  }

  private byte[] digest(String s) {
    MessageDigest sha256;
    try {
      // A copy of an unused prototype: no provider lookup per request.
      sha256 = (MessageDigest) sha256Prototype.clone();
    } catch (CloneNotSupportedException e) {
      sha256 = newSha256();
    }
    return sha256.digest(s.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
