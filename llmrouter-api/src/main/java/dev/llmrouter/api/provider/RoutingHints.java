package dev.llmrouter.api.provider;

import dev.llmrouter.api.http.HttpHeaders;
import java.util.Locale;

/**
 * Routing constraints that llmrouter itself attaches to a {@link ClientRequest}, carried as request
 * headers under the reserved {@code x-llmrouter-} prefix. Providers forward client headers by an
 * allowlist, so these never reach an upstream; the server removes any that a client sends.
 *
 * <p>A pin says that only one channel (and, when known, one key of it) can serve the request,
 * because the upstream behind it holds state the request refers to (a Responses
 * {@code previous_response_id}). The router tries that channel and key only; it may go elsewhere
 * only when that channel is down, and then only to a channel of the same {@code serviceType}.
 * Stateless.
 */
public final class RoutingHints {
  /** The id of the channel a request is pinned to. */
  public static final String PIN_CHANNEL = "x-llmrouter-pin-channel";
  /** The {@link dev.llmrouter.api.Keys#fingerprint fingerprint} of the key a pinned request must use. */
  public static final String PIN_KEY = "x-llmrouter-pin-key";
  /**
   * The id the server gave the request (the client's own {@code x-request-id} when it sent one):
   * it names the request in logs, in attempt outcomes and in the request log.
   */
  public static final String REQUEST_ID = "x-llmrouter-request-id";

  private RoutingHints() {}

  /** The channel id the request is pinned to, or null. */
  public static String pinnedChannel(ClientRequest request) {
    return request.headers().get(PIN_CHANNEL);
  }

  /** The key fingerprint the request is pinned to, or null. */
  public static String pinnedKey(ClientRequest request) {
    return request.headers().get(PIN_KEY);
  }

  /** The request id the server attached, or null. */
  public static String requestId(ClientRequest request) {
    return request.headers().get(REQUEST_ID);
  }

  /** The request with its id attached (replacing any earlier one). */
  public static ClientRequest withRequestId(ClientRequest request, String requestId) {
    return withHeaders(request, request.headers().with(REQUEST_ID, requestId));
  }

  /** The request pinned to a channel and (when not null) a key fingerprint. */
  public static ClientRequest pin(ClientRequest request, String channelId, String keyFingerprint) {
    HttpHeaders.Builder h = strip(request.headers()).toBuilder().add(PIN_CHANNEL, channelId);
    if (keyFingerprint != null) h.add(PIN_KEY, keyFingerprint);
    return withHeaders(request, h.build());
  }

  /** The request without any {@code x-llmrouter-} header (the same object when it has none). */
  public static ClientRequest withoutHints(ClientRequest request) {
    HttpHeaders stripped = strip(request.headers());
    return stripped == request.headers() ? request : withHeaders(request, stripped);
  }

  private static HttpHeaders strip(HttpHeaders headers) {
    boolean any = false;
    for (int i = 0; i < headers.size(); i++) any |= reserved(headers.name(i));
    if (!any) return headers;
    HttpHeaders.Builder b = HttpHeaders.builder();
    for (int i = 0; i < headers.size(); i++) {
      if (!reserved(headers.name(i))) b.add(headers.name(i), headers.value(i));
    }
    return b.build();
  }

  private static boolean reserved(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("x-llmrouter-");
  }

  private static ClientRequest withHeaders(ClientRequest r, HttpHeaders headers) {
    return new ClientRequest(r.kind(), r.operation(), r.path(), r.rawQuery(), headers, r.body(), r.fields(), r.model(),
        r.stream());
  }
}
