package dev.llmrouter.scheduler;

import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;

/**
 * An attempt picked by a {@link Routing} and not made yet: the call to send and its channel's
 * provider. Its breaker permit is taken; it is settled when the attempt is given back to the
 * routing that picked it. Immutable; {@link #toString()} masks the key.
 */
public final class PendingAttempt {
  final RequestRun.Attempt attempt;
  private final Provider provider;

  PendingAttempt(RequestRun.Attempt attempt, Provider provider) {
    this.attempt = attempt;
    this.provider = provider;
  }

  /**
   * The call to send: channel, base URL, key, mapped model, the request's cancel signal, timeouts.
   *
   * @return the call
   */
  public UpstreamCall call() {
    return attempt.call();
  }

  /**
   * The provider of the attempt's channel, which {@link Routing#attempt} would call.
   *
   * @return the provider
   */
  public Provider provider() {
    return provider;
  }

  /** Describes the attempt for logs; shows the key only masked. */
  @Override
  public String toString() {
    return "PendingAttempt{" + attempt.call() + "}";
  }
}
