package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import java.util.Objects;

/**
 * A change of one router's routing state that other routers apply to theirs (see
 * {@link StateStore}). Keys are named by their fingerprint, never by their value; times are epoch
 * milliseconds of the publishing router's clock.
 */
public sealed interface StateEvent {
  /** The client API whose channel the event is about. */
  ApiKind kind();

  /** The channel's stable id. */
  String channelId();

  /** A trace was bound (or renewed) to a channel; kept by the store for {@code ttlMillis}. */
  record AffinityBound(ApiKind kind, String trace, String channelId, long ttlMillis) implements StateEvent {
    public AffinityBound {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(trace, "trace");
      Objects.requireNonNull(channelId, "channelId");
    }
  }

  /**
   * Results of attempts on a channel x base URL x key, for every router's breaker window: one
   * attempt's (a router publishes each as it settles), or several a store gathered before sending.
   */
  record Outcome(ApiKind kind, String channelId, String baseUrl, String keyFingerprint, int successes, int failures,
      long atMillis) implements StateEvent {
    public Outcome {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
      if (successes < 0 || failures < 0) throw new IllegalArgumentException("negative counts");
    }
  }

  /** A breaker opened at {@code openedAtMillis}. */
  record BreakerOpened(ApiKind kind, String channelId, String baseUrl, String keyFingerprint, long openedAtMillis)
      implements StateEvent {
    public BreakerOpened {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }
  }

  /** A breaker closed (its probe succeeded, or the channel was resumed). */
  record BreakerClosed(ApiKind kind, String channelId, String baseUrl, String keyFingerprint) implements StateEvent {
    public BreakerClosed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }
  }

  /** A key rests until {@code untilMillis} (an upstream's Retry-After, or the router's cooldown). */
  record KeyCooling(ApiKind kind, String channelId, String keyFingerprint, long untilMillis, int consecutiveFailures)
      implements StateEvent {
    public KeyCooling {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }
  }

  /** A key's cooldown ended early: it succeeded. */
  record KeyRecovered(ApiKind kind, String channelId, String keyFingerprint) implements StateEvent {
    public KeyRecovered {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }
  }

  /** A base URL rests until {@code untilMillis}. */
  record UrlCooling(ApiKind kind, String channelId, String baseUrl, long untilMillis, int consecutiveFailures)
      implements StateEvent {
    public UrlCooling {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(baseUrl, "baseUrl");
    }
  }

  /** A base URL's cooldown ended early: it succeeded. */
  record UrlRecovered(ApiKind kind, String channelId, String baseUrl) implements StateEvent {
    public UrlRecovered {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(baseUrl, "baseUrl");
    }
  }

  /** Every breaker of the channel closed and its cooldowns cleared (manual resume). */
  record Resumed(ApiKind kind, String channelId) implements StateEvent {
    public Resumed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(channelId, "channelId");
    }
  }
}
