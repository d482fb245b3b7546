package dev.llmrouter.api.http;

import java.nio.charset.StandardCharsets;

/**
 * The header names, header values and request paths that the supported clients and upstreams send
 * most, one shared string each. A request's headers stay with it until its answer ends, minutes for
 * a stream: Claude Code sends about twenty of them, and an upstream's answer as many (rate limits,
 * request ids, its proxy's). Given through {@link #of} or {@link #latin1}, a common one costs an
 * open stream no string of its own. Immutable; stateless.
 */
public final class CommonStrings {
  private CommonStrings() {}

  /** The strings by their hash: open addressing, at most a quarter full; each slot's hash beside it. */
  private static final String[] SLOTS = slots(
      // Header names, as the clients send them (lower case) and in the usual capitals.
      "accept", "accept-encoding", "accept-language", "anthropic-beta", "anthropic-dangerous-direct-browser-access",
      "anthropic-version", "authorization", "cache-control", "connection", "content-encoding", "content-length",
      "content-type", "date", "host", "originator", "sec-fetch-mode", "server", "session_id", "transfer-encoding",
      "user-agent", "version", "x-api-key", "x-app", "x-claude-code-session-id", "x-goog-api-client",
      "x-goog-api-key", "x-request-id", "x-stainless-arch", "x-stainless-helper-method", "x-stainless-lang",
      "x-stainless-os", "x-stainless-package-version", "x-stainless-retry-count", "x-stainless-runtime",
      "x-stainless-runtime-version", "x-stainless-timeout", "request-id", "openai-beta", "openai-organization",
      "openai-processing-ms", "openai-version", "vary", "via", "x-content-type-options",
      "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Connection",
      "Content-Encoding", "Content-Length", "Content-Type", "Date", "Host", "Server", "Transfer-Encoding",
      "User-Agent", "Vary", "Via",
      // The names the upstreams' answers carry: a stream keeps its answer's relayed headers until it ends.
      "anthropic-organization-id", "anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
      "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-limit", "anthropic-ratelimit-tokens-remaining",
      "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-limit",
      "anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-input-tokens-reset",
      "anthropic-ratelimit-output-tokens-limit", "anthropic-ratelimit-output-tokens-remaining",
      "anthropic-ratelimit-output-tokens-reset", "retry-after", "retry-after-ms", "cf-ray", "cf-cache-status",
      "x-envoy-upstream-service-time", "strict-transport-security", "x-robots-tag", "openai-project",
      "x-ratelimit-limit-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-requests",
      "x-ratelimit-remaining-tokens", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens",
      "server-timing", "x-xss-protection", "x-frame-options", "access-control-allow-origin",
      "Strict-Transport-Security", "X-Content-Type-Options", "Server-Timing", "X-Frame-Options",
      "X-XSS-Protection", "Access-Control-Allow-Origin",
      // Header values.
      "application/json", "application/json; charset=utf-8", "text/event-stream", "text/event-stream; charset=utf-8",
      "text/event-stream;charset=UTF-8", "*/*", "*", "identity", "gzip", "br", "gzip, deflate", "gzip, deflate, br",
      "chunked", "keep-alive", "Keep-Alive", "close", "no-cache", "cors", "2023-06-01", "true", "false", "cli", "js",
      "node", "x64", "arm64", "Linux", "MacOS", "Windows", "0", "1", "600", "nosniff", "cloudflare", "DYNAMIC",
      "ESF", "SAMEORIGIN", "max-age=31536000; includeSubDomains; preload", "none",
      // Request paths.
      "/v1/messages", "/v1/messages/count_tokens", "/v1/responses", "/v1/responses/compact", "/v1/chat/completions");

  private static final int[] HASHES = hashes(SLOTS);

  private static String[] slots(String... strings) {
    String[] slots = new String[Integer.highestOneBit(strings.length * 4 - 1) << 1];
    for (String s : strings) {
      int k = slot(s.hashCode(), slots.length - 1);
      for (; slots[k] != null; k = (k + 1) & (slots.length - 1)) {
        if (slots[k].equals(s)) throw new IllegalStateException("listed twice: " + s);
      }
      slots[k] = s;
    }
    return slots;
  }

  private static int[] hashes(String[] slots) {
    int[] hashes = new int[slots.length];
    for (int k = 0; k < slots.length; k++) hashes[k] = slots[k] == null ? 0 : slots[k].hashCode();
    return hashes;
  }

  private static int slot(int hash, int mask) {
    return (hash ^ hash >>> 16) & mask;
  }

  /**
   * The shared string equal to {@code s}, if it is a common one.
   *
   * @param s a header name, header value or path
   * @return the shared string equal to {@code s}, or {@code s} itself
   */
  public static String of(String s) {
    int h = s.hashCode();
    int mask = SLOTS.length - 1;
    for (int k = slot(h, mask); SLOTS[k] != null; k = (k + 1) & mask) {
      if (HASHES[k] == h && SLOTS[k].equals(s)) return SLOTS[k];
    }
    return s;
  }

  /**
   * The string of Latin-1 bytes (a header line's name or value, a path), the shared one when it is
   * a common one: as {@code of(new String(bytes, from, to - from, ISO_8859_1))}, without making a
   * string for a common one.
   *
   * @param bytes the bytes
   * @param from the first byte's index
   * @param to the index after the last byte
   * @return the shared string of these bytes, or a new one
   */
  public static String latin1(byte[] bytes, int from, int to) {
    // String.hashCode of the Latin-1 string these bytes make.
    int h = 0;
    for (int i = from; i < to; i++) h = 31 * h + (bytes[i] & 0xFF);
    int mask = SLOTS.length - 1;
    for (int k = slot(h, mask); SLOTS[k] != null; k = (k + 1) & mask) {
      if (HASHES[k] == h && sameLatin1(SLOTS[k], bytes, from, to)) return SLOTS[k];
    }
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static boolean sameLatin1(String s, byte[] bytes, int from, int to) {
    if (s.length() != to - from) return false;
    for (int i = from; i < to; i++) {
      if (s.charAt(i - from) != (bytes[i] & 0xFF)) return false;
    }
    return true;
  }
}
