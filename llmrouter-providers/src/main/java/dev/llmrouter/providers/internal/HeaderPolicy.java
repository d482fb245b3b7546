package dev.llmrouter.providers.internal;

import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.http.HttpHeaders;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * Which client headers reach an upstream, and which upstream headers reach the client. Forwarding
 * is by an explicit allowlist: the client's access key, cookies, hop-by-hop and forwarding headers
 * never leave llmrouter. Stateless.
 */
public final class HeaderPolicy {
  /** Forwarded to every upstream kind. */
  private static final Set<String> COMMON = Set.of("user-agent", "accept-language");
  /** Forwarded only to Anthropic-speaking upstreams, by prefix or name. */
  private static final Set<String> ANTHROPIC = Set.of("anthropic-version", "anthropic-beta", "x-app",
      "x-claude-code-session-id", "anthropic-dangerous-direct-browser-access");
  /** Forwarded only to OpenAI-speaking upstreams. */
  private static final Set<String> OPENAI = Set.of("openai-beta", "openai-organization", "openai-project",
      "originator", "session_id", "conversation_id", "chatgpt-account-id", "version");
  /** Forwarded only to Gemini upstreams. */
  private static final Set<String> GEMINI = Set.of("x-goog-api-client", "x-goog-user-project");

  /** Upstream response headers never given to the client. */
  private static final Set<String> RESPONSE_DROP = Set.of("connection", "keep-alive", "transfer-encoding",
      "content-length", "content-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
      "proxy-connection", "set-cookie", "set-cookie2", "alt-svc", "content-type", "date", "server");

  /** Which family of headers an upstream understands. */
  public enum Family {
    /** Anthropic Messages upstreams: {@code anthropic-*}, {@code x-app} and Claude Code headers. */
    ANTHROPIC,
    /**
     * OpenAI Chat Completions and Responses upstreams: {@code openai-beta},
     * {@code openai-organization}, {@code openai-project} and the Codex session headers.
     */
    OPENAI,
    /** Gemini upstreams: {@code x-goog-api-client} and {@code x-goog-user-project}. */
    GEMINI
  }

  private HeaderPolicy() {}

  /**
   * Copies the allowed client headers onto an upstream request: {@code user-agent} and
   * {@code accept-language} always, {@code x-stainless-*} except to Gemini, and the family's own.
   * Names are matched case-insensitively and added as the client spelled them.
   *
   * @param client the client's request headers
   * @param family the header family of the upstream
   * @param out the upstream request being built; headers are added, never replaced
   */
  public static void forward(HttpHeaders client, Family family, Request.Builder out) {
    forward(client, family, out::addHeader);
  }

  /**
   * As {@link #forward(HttpHeaders, Family, Request.Builder)}, onto headers being built for an HTTP
   * client other than OkHttp.
   *
   * @param client the client's request headers
   * @param family the header family of the upstream
   * @param out the upstream request's headers; added, never replaced
   */
  public static void forward(HttpHeaders client, Family family, HttpHeaders.Builder out) {
    forward(client, family, out::add);
  }

  private static void forward(HttpHeaders client, Family family, BiConsumer<String, String> add) {
    client.forEach((name, value) -> {
      if (allowed(name.toLowerCase(Locale.ROOT), family)) add.accept(name, value);
    });
  }

  static boolean allowed(String n, Family family) {
    if (COMMON.contains(n)) return true;
    if (n.startsWith("x-stainless-")) return family != Family.GEMINI;
    switch (family) {
      case ANTHROPIC:
        return ANTHROPIC.contains(n) || n.startsWith("anthropic-");
      case OPENAI:
        return OPENAI.contains(n);
      default:
        return GEMINI.contains(n);
    }
  }

  /**
   * Selects the upstream response headers a passthrough client may see: all but hop-by-hop,
   * {@code proxy-*}, length, encoding, content type, cookie, {@code date}, {@code server} and
   * {@code alt-svc} headers.
   *
   * @param upstream the upstream's response headers
   * @return the headers to relay, in the upstream's order
   */
  public static HttpHeaders response(Headers upstream) {
    return response(upstream.size(), upstream::name, upstream::value);
  }

  /**
   * As {@link #response(Headers)}, for headers an HTTP client other than OkHttp received.
   *
   * @param upstream the upstream's response headers
   * @return the headers to relay, in the upstream's order
   */
  public static HttpHeaders response(HttpHeaders upstream) {
    return response(upstream.size(), upstream::name, upstream::value);
  }

  private static HttpHeaders response(int size, IntFunction<String> name, IntFunction<String> value) {
    HttpHeaders.Builder b = HttpHeaders.builder();
    for (int i = 0; i < size; i++) {
      String n = name.apply(i).toLowerCase(Locale.ROOT);
      if (RESPONSE_DROP.contains(n) || n.startsWith("proxy-")) continue;
      // A stream's answer keeps these until it ends: the common ones as shared strings.
      b.add(CommonStrings.of(name.apply(i)), CommonStrings.of(value.apply(i)));
    }
    return b.build();
  }

  /**
   * Makes text safe as a header value: printable ASCII only, at most 1,000 characters.
   *
   * @param text any text
   * @return the value
   */
  public static String headerValue(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), 1000));
    for (int i = 0; i < text.length() && sb.length() < 1000; i++) {
      char ch = text.charAt(i);
      sb.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
    }
    return sb.toString();
  }

  /**
   * Selects the few upstream headers that still mean something after conversion:
   * {@code retry-after}, {@code retry-after-ms}, {@code x-request-id} and {@code request-id}.
   *
   * @param upstream the upstream's response headers
   * @return the headers to relay, in the upstream's order
   */
  public static HttpHeaders responseConverted(Headers upstream) {
    HttpHeaders.Builder b = HttpHeaders.builder();
    for (int i = 0; i < upstream.size(); i++) {
      String n = upstream.name(i).toLowerCase(Locale.ROOT);
      if (n.equals("retry-after") || n.equals("retry-after-ms") || n.equals("x-request-id") || n.equals("request-id")) {
        b.add(upstream.name(i), upstream.value(i));
      }
    }
    return b.build();
  }
}
