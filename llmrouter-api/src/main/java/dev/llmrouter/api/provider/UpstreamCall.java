package dev.llmrouter.api.provider;

import dev.llmrouter.api.Channel;
import java.util.Objects;

/**
 * One attempt against one channel, base URL and key. Immutable; {@link #toString()} masks the key.
 *
 * @param request the client's request
 * @param channel the channel being tried
 * @param baseUrl the base URL being tried (one of the channel's)
 * @param apiKey the key being tried
 * @param model the upstream model after the channel's mapping (may equal the requested one)
 * @param cancel fires when the client goes away; providers cancel their upstream call on it
 * @param timeouts the limits of this attempt
 */
public record UpstreamCall(
    ClientRequest request,
    Channel channel,
    String baseUrl,
    String apiKey,
    String model,
    CancelSignal cancel,
    Timeouts timeouts) {

  /**
   * Validates the call; {@code model} may be null.
   *
   * @param request the client's request
   * @param channel the channel being tried
   * @param baseUrl the base URL being tried (one of the channel's)
   * @param apiKey the key being tried
   * @param model the upstream model after the channel's mapping (may equal the requested one)
   * @param cancel fires when the client goes away; providers cancel their upstream call on it
   * @param timeouts the limits of this attempt
   * @throws NullPointerException when {@code request}, {@code channel}, {@code baseUrl},
   *     {@code apiKey}, {@code cancel} or {@code timeouts} is null
   */
  public UpstreamCall {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(cancel, "cancel");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /**
   * Returns this call with its request {@linkplain ClientRequest#withoutBody() without body}, for
   * what outlives the sending of the request.
   *
   * @return a new call; everything but the request's body is the same
   */
  public UpstreamCall withoutBody() {
    return new UpstreamCall(request.withoutBody(), channel, baseUrl, apiKey, model, cancel, timeouts);
  }

  /** Describes the attempt for logs; shows the key only masked. */
  @Override
  public String toString() {
    return "UpstreamCall{channel=" + channel.id() + ", baseUrl=" + baseUrl + ", key="
        + dev.llmrouter.api.Keys.mask(apiKey) + ", model=" + model + "}";
  }
}
