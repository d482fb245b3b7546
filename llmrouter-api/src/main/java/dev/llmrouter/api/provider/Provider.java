package dev.llmrouter.api.provider;

import java.io.IOException;

/**
 * Speaks to one kind of upstream ({@code serviceType}): builds the upstream request for a client
 * request (passing it through, or converting it), sends it, and turns the answer back into the
 * client's protocol.
 *
 * <p>Implementations are thread-safe and shared by all requests of a router.
 */
public interface Provider {
  /** {@return the {@code serviceType} this provider serves, such as {@code claude}} */
  String serviceType();

  /**
   * Tells whether this provider can serve the request at all (for example, only Responses upstreams
   * can compact). The router never tries a channel whose provider answers false.
   *
   * @param request the client's request
   * @return true when an attempt makes sense; the default is true
   */
  default boolean supports(ClientRequest request) {
    return true;
  }

  /**
   * Sends one attempt and blocks until the upstream's status and headers arrive. The upstream call
   * is cancelled when {@code call.cancel()} fires.
   *
   * @param call the request, channel, base URL, key, model, cancel signal and timeouts of the attempt
   * @return the exchange, which the caller owns and must close on every path
   * @throws IOException when the upstream cannot be reached, times out before answering, or the
   *     call was cancelled
   * @throws dev.llmrouter.api.error.ClientRequestException when the client's request cannot be
   *     expressed for this upstream (the client's fault: no failover, no breaker penalty)
   */
  UpstreamExchange open(UpstreamCall call) throws IOException;

  /**
   * Describes one attempt for a caller that makes the HTTP call itself, without a thread waiting on
   * it (a server's IO thread): offered only where the attempt is the client's bytes passed on to an
   * upstream of the same protocol as a stream, so that nothing but the bytes has to be handled on
   * the way. The caller sends {@link DirectCall#body()} to {@link DirectCall#url()} with
   * {@link DirectCall#headers()}, and pushes the answer into {@link DirectCall#answer}.
   *
   * @param call the attempt
   * @return the attempt as plain data, or null (the default) when it must be made with {@link #open}
   */
  default DirectCall direct(UpstreamCall call) {
    return null;
  }
}
