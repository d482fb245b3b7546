package dev.llmrouter.api.provider;

import dev.llmrouter.api.http.HttpHeaders;

/**
 * An attempt its caller makes itself without blocking (see {@link Provider#direct}): the upstream
 * request as plain data, and the exchange that takes the answer's body as the caller reads it.
 * Immutable; one per attempt.
 */
public interface DirectCall {
  /** {@return the absolute upstream URL, with its query} */
  String url();

  /**
   * {@return the request headers to send: the forwarded client headers, the upstream's
   * authentication and the content type; without {@code host} and {@code content-length}, which
   * the caller's HTTP client sets}
   */
  HttpHeaders headers();

  /** {@return the request body; not to be modified} */
  byte[] body();

  /**
   * Starts the answer once its status and headers arrived.
   *
   * @param status the upstream's status code
   * @param headers the upstream's response headers, as received
   * @param headersNanos nanoseconds from the start of the attempt to the headers
   * @param abort closes the caller's upstream connection without waiting; called at most once, when
   *     the exchange is cancelled or closed before the answer's end (any thread may call it)
   * @return the exchange the caller pushes the body into; whoever the router hands it to closes it
   */
  PushedExchange answer(int status, HttpHeaders headers, long headersNanos, Runnable abort);

  /**
   * Tells that the request was sent again on a fresh connection because a reused one proved stale
   * before any answer (counted with the provider's own such retries). The default does nothing.
   */
  default void sentAgainOnFreshConnection() {}
}
