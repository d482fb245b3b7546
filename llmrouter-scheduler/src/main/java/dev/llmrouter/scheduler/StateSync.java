package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.scheduler.StateEvent.BreakerClosed;
import dev.llmrouter.scheduler.StateEvent.BreakerOpened;
import dev.llmrouter.scheduler.StateEvent.KeyCooling;
import dev.llmrouter.scheduler.StateEvent.KeyRecovered;
import dev.llmrouter.scheduler.StateEvent.Outcome;
import dev.llmrouter.scheduler.StateEvent.Resumed;
import dev.llmrouter.scheduler.StateEvent.UrlCooling;
import dev.llmrouter.scheduler.StateEvent.UrlRecovered;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between a router's health state and a shared {@link StateStore}: turns local changes
 * into events (keys as fingerprints) and applies other routers' events to the local state (keys
 * found again by fingerprint among the channel's keys; events about channels, keys or base URLs
 * this router does not have are ignored). Exists only when the store is shared. Thread-safe.
 */
final class StateSync {
  private static final Logger log = LoggerFactory.getLogger(StateSync.class);

  private final StateStore store;
  private final KeyLabels labels;
  private final Supplier<ChannelSnapshot> snapshot;
  private ChannelHealth health;

  StateSync(StateStore store, KeyLabels labels, Supplier<ChannelSnapshot> snapshot) {
    this.store = store;
    this.labels = labels;
    this.snapshot = snapshot;
  }

  /** Set once by the router, before the store delivers anything. */
  void attach(ChannelHealth health) {
    this.health = health;
  }

  // ---- local changes, shared

  /** The breaker transitions of one slot, published as they happen. */
  KeyBreaker.Transitions transitionsOf(ChannelHealth.Slot slot) {
    return new KeyBreaker.Transitions() {
      @Override
      public void opened(Instant at) {
        store.publish(new BreakerOpened(slot.kind(), slot.channelId(), slot.baseUrl(), labels.fingerprint(slot.key()),
            at.toEpochMilli()));
      }

      @Override
      public void closed() {
        store.publish(new BreakerClosed(slot.kind(), slot.channelId(), slot.baseUrl(),
            labels.fingerprint(slot.key())));
      }
    };
  }

  void outcome(ApiKind kind, Channel c, String baseUrl, String key, boolean success, Instant at) {
    store.publish(new Outcome(kind, c.id(), baseUrl, labels.fingerprint(key), success ? 1 : 0, success ? 0 : 1,
        at.toEpochMilli()));
  }

  void keyCooling(ApiKind kind, Channel c, String key, Instant until, int consecutiveFailures) {
    store.publish(new KeyCooling(kind, c.id(), labels.fingerprint(key), until.toEpochMilli(), consecutiveFailures));
  }

  void keyRecovered(ApiKind kind, Channel c, String key) {
    store.publish(new KeyRecovered(kind, c.id(), labels.fingerprint(key)));
  }

  void urlCooling(ApiKind kind, Channel c, String url, Instant until, int consecutiveFailures) {
    store.publish(new UrlCooling(kind, c.id(), url, until.toEpochMilli(), consecutiveFailures));
  }

  void urlRecovered(ApiKind kind, Channel c, String url) {
    store.publish(new UrlRecovered(kind, c.id(), url));
  }

  void resumed(ApiKind kind, String channelId) {
    store.publish(new Resumed(kind, channelId));
  }

  // ---- other routers' changes, applied here

  /** Applies one event of another router; never throws. */
  void apply(StateEvent event) {
    try {
      applyOrThrow(event);
    } catch (RuntimeException e) {
      log.warn("[State-Apply] a shared state event was skipped: {}", e.toString());
    }
  }

  private void applyOrThrow(StateEvent event) {
    if (event instanceof Resumed) {
      health.resumeFromElsewhere(event.kind(), event.channelId());
      return;
    }
    Optional<Channel> found = snapshot.get().find(event.kind(), event.channelId());
    if (found.isEmpty()) return;
    Channel c = found.get();
    ApiKind kind = event.kind();
    if (event instanceof Outcome o) {
      String key = keyOf(c, o.keyFingerprint());
      if (key != null && c.allBaseUrls().contains(o.baseUrl())) {
        health.breaker(kind, c, o.baseUrl(), key).remoteResults(o.successes(), o.failures(),
            Instant.ofEpochMilli(o.atMillis()));
      }
    } else if (event instanceof BreakerOpened o) {
      String key = keyOf(c, o.keyFingerprint());
      if (key != null && c.allBaseUrls().contains(o.baseUrl())) {
        health.breaker(kind, c, o.baseUrl(), key).remoteOpened(Instant.ofEpochMilli(o.openedAtMillis()));
      }
    } else if (event instanceof BreakerClosed o) {
      String key = keyOf(c, o.keyFingerprint());
      KeyBreaker b = key == null ? null : health.existing(kind, c, o.baseUrl(), key);
      if (b != null) b.remoteClosed();
    } else if (event instanceof KeyCooling k) {
      String key = keyOf(c, k.keyFingerprint());
      if (key != null) {
        health.keyCoolingFromElsewhere(kind, c, key, Instant.ofEpochMilli(k.untilMillis()), k.consecutiveFailures());
      }
    } else if (event instanceof KeyRecovered k) {
      String key = keyOf(c, k.keyFingerprint());
      if (key != null) health.keyRecoveredFromElsewhere(kind, c, key);
    } else if (event instanceof UrlCooling u) {
      if (c.allBaseUrls().contains(u.baseUrl())) {
        health.urlCoolingFromElsewhere(kind, c, u.baseUrl(), Instant.ofEpochMilli(u.untilMillis()),
            u.consecutiveFailures());
      }
    } else if (event instanceof UrlRecovered u) {
      health.urlRecoveredFromElsewhere(kind, c, u.baseUrl());
    }
    // AffinityBound is kept by the store and read through StateStore.boundChannel.
  }

  /** The channel's key with this fingerprint, or null. */
  private String keyOf(Channel c, String fingerprint) {
    for (String key : c.apiKeys()) {
      if (labels.fingerprint(key).equals(fingerprint)) return key;
    }
    return null;
  }
}
