package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.http.LogUrls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every channel, keyed by the channel's stable id (never its list position): a
 * breaker per channel x base URL x key, a cooldown per channel x key, and a cooldown per channel x
 * base URL. Thread-safe; entries of channels, keys and URLs that leave the snapshot are dropped by
 * {@link #retain}.
 */
final class ChannelHealth {
  record Slot(ApiKind kind, String channelId, String baseUrl, String key) {}

  record KeyId(ApiKind kind, String channelId, String key) {}

  record UrlId(ApiKind kind, String channelId, String baseUrl) {}

  /** Cooldown of one key or base URL. Guarded by itself. */
  static final class Cooldown {
    Instant until;
    int consecutiveFailures;
  }

  private static final Logger log = LoggerFactory.getLogger(ChannelHealth.class);

  private final RouterSettings settings;
  /** The bridge to the shared state, or null when nothing is shared. */
  private final StateSync sync;
  private final ConcurrentHashMap<Slot, KeyBreaker> breakers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<KeyId, Cooldown> keys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UrlId, Cooldown> urls = new ConcurrentHashMap<>();

  ChannelHealth(RouterSettings settings) {
    this(settings, null);
  }

  /** @param sync the bridge to the shared state, or null when nothing is shared */
  ChannelHealth(RouterSettings settings, StateSync sync) {
    this.settings = settings;
    this.sync = sync;
  }

  KeyBreaker breaker(ApiKind kind, Channel c, String baseUrl, String key) {
    Slot slot = new Slot(kind, c.id(), baseUrl, key);
    KeyBreaker b = breakers.get(slot); // no bin lock when it exists, as it nearly always does
    if (b != null) return b;
    return breakers.computeIfAbsent(slot, s -> new KeyBreaker(settings, "kind=" + kind.pathName()
        + " channel=" + c.displayName() + " url=" + LogUrls.redact(baseUrl) + " key=" + Keys.mask(key),
        sync == null ? KeyBreaker.Transitions.NONE : sync.transitionsOf(s)));
  }

  /** The existing breaker, or null when this slot never had traffic. */
  KeyBreaker existing(ApiKind kind, Channel c, String baseUrl, String key) {
    return breakers.get(new Slot(kind, c.id(), baseUrl, key));
  }

  /** Permits given out and not yet settled, over every breaker (0 when no attempt is in flight). */
  int outstandingPermits() {
    int n = 0;
    for (KeyBreaker b : breakers.values()) n += b.outstanding();
    return n;
  }

  /** True when some base URL x key of the channel could take an attempt now (breaker and cooldown). */
  boolean isHealthy(ApiKind kind, Channel c, Instant now) {
    for (String key : c.apiKeys()) {
      if (isCooling(kind, c, key, now)) continue;
      for (String url : c.allBaseUrls()) {
        KeyBreaker b = existing(kind, c, url, key);
        if (b == null || b.isAvailable(now)) return true;
      }
    }
    return false;
  }

  /** Whether a channel could take an attempt now, and the failure ratio over all its windows. */
  record Status(boolean healthy, double failureRate) {}

  /**
   * {@link #isHealthy} and {@link #failureRate} at once, with one look-up per base URL x key.
   */
  Status status(ApiKind kind, Channel c, Instant now) {
    boolean healthy = false;
    long failures = 0;
    long total = 0;
    List<String> urls = c.allBaseUrls();
    for (String key : c.apiKeys()) {
      boolean cooling = isCooling(kind, c, key, now);
      for (String url : urls) {
        KeyBreaker b = existing(kind, c, url, key);
        if (b == null) {
          healthy |= !cooling;
          continue;
        }
        if (!cooling && !healthy) healthy = b.isAvailable(now);
        int[] counts = b.counts();
        failures += counts[0];
        total += counts[1];
      }
    }
    return new Status(healthy, total == 0 ? 0 : (double) failures / total);
  }

  /** The failure ratio over every window of the channel; 0 without results. */
  double failureRate(ApiKind kind, Channel c) {
    long failures = 0;
    long total = 0;
    for (String key : c.apiKeys()) {
      for (String url : c.allBaseUrls()) {
        KeyBreaker b = existing(kind, c, url, key);
        if (b == null) continue;
        int[] counts = b.counts();
        failures += counts[0];
        total += counts[1];
      }
    }
    return total == 0 ? 0 : (double) failures / total;
  }

  /** Keys in the order to try: those not cooling in configured order, then the one that recovers first. */
  List<String> keyOrder(ApiKind kind, Channel c, Instant now) {
    if (keys.isEmpty()) return c.apiKeys(); // no key of any channel is cooling
    List<String> ready = new ArrayList<>();
    String soonest = null;
    Instant soonestAt = null;
    for (String key : c.apiKeys()) {
      Instant until = coolingUntil(keys.get(new KeyId(kind, c.id(), key)), now);
      if (until == null) {
        ready.add(key);
      } else if (soonestAt == null || until.isBefore(soonestAt)) {
        soonest = key;
        soonestAt = until;
      }
    }
    if (ready.isEmpty() && soonest != null) ready.add(soonest);
    return ready;
  }

  boolean isCooling(ApiKind kind, Channel c, String key, Instant now) {
    if (keys.isEmpty()) return false;
    return coolingUntil(keys.get(new KeyId(kind, c.id(), key)), now) != null;
  }

  /**
   * Base URLs in the order to try: healthy ones in configured order, then cooling ones, the one that
   * recovers first first. All are returned.
   */
  List<String> urlOrder(ApiKind kind, Channel c, Instant now) {
    List<String> all = c.allBaseUrls();
    if (all.size() < 2) return all;
    List<String> ready = new ArrayList<>();
    List<String> cooling = new ArrayList<>();
    for (String url : all) {
      if (coolingUntil(urls.get(new UrlId(kind, c.id(), url)), now) == null) ready.add(url);
      else cooling.add(url);
    }
    cooling.sort(Comparator.comparing(u -> coolingUntil(urls.get(new UrlId(kind, c.id(), u)), now),
        Comparator.nullsFirst(Comparator.naturalOrder())));
    ready.addAll(cooling);
    return ready;
  }

  /**
   * Rests a key: the upstream's retry-after when given, else 5 minutes (10 after more than three
   * consecutive failures).
   */
  void keyFailed(ApiKind kind, Channel c, String key, Duration retryAfter, Instant now) {
    Cooldown cd = keys.computeIfAbsent(new KeyId(kind, c.id(), key), k -> new Cooldown());
    Instant until;
    int failures;
    synchronized (cd) {
      cd.consecutiveFailures++;
      Duration d = retryAfter != null ? retryAfter
          : cd.consecutiveFailures > 3 ? settings.keyCooldownLong() : settings.keyCooldown();
      cd.until = now.plus(d);
      log.warn("[Scheduler-KeyCooldown] kind={} channel={} key={} rests {}s (failure {} in a row)", kind.pathName(),
          c.displayName(), Keys.mask(key), d.toSeconds(), cd.consecutiveFailures);
      until = cd.until;
      failures = cd.consecutiveFailures;
    }
    if (sync != null) sync.keyCooling(kind, c, key, until, failures);
  }

  void keySucceeded(ApiKind kind, Channel c, String key) {
    if (keys.isEmpty()) return;
    if (keys.remove(new KeyId(kind, c.id(), key)) != null) {
      log.info("[Scheduler-KeyRecovered] kind={} channel={} key={} answers again", kind.pathName(), c.displayName(),
          Keys.mask(key));
      if (sync != null) sync.keyRecovered(kind, c, key);
    }
  }

  void urlFailed(ApiKind kind, Channel c, String url, Duration retryAfter, Instant now) {
    Cooldown cd = urls.computeIfAbsent(new UrlId(kind, c.id(), url), k -> new Cooldown());
    Instant until;
    int failures;
    synchronized (cd) {
      cd.consecutiveFailures++;
      Duration d = retryAfter != null && retryAfter.compareTo(settings.baseUrlCooldown()) > 0 ? retryAfter
          : settings.baseUrlCooldown();
      cd.until = now.plus(d);
      until = cd.until;
      failures = cd.consecutiveFailures;
    }
    if (sync != null) sync.urlCooling(kind, c, url, until, failures);
  }

  void urlSucceeded(ApiKind kind, Channel c, String url) {
    if (urls.isEmpty()) return;
    if (urls.remove(new UrlId(kind, c.id(), url)) != null && sync != null) sync.urlRecovered(kind, c, url);
  }

  /** Another router rested a key: it rests here until the later of both ends. */
  void keyCoolingFromElsewhere(ApiKind kind, Channel c, String key, Instant until, int consecutiveFailures) {
    cooledFromElsewhere(keys.computeIfAbsent(new KeyId(kind, c.id(), key), k -> new Cooldown()), until,
        consecutiveFailures);
  }

  void keyRecoveredFromElsewhere(ApiKind kind, Channel c, String key) {
    keys.remove(new KeyId(kind, c.id(), key));
  }

  /** Another router rested a base URL: it rests here until the later of both ends. */
  void urlCoolingFromElsewhere(ApiKind kind, Channel c, String url, Instant until, int consecutiveFailures) {
    cooledFromElsewhere(urls.computeIfAbsent(new UrlId(kind, c.id(), url), k -> new Cooldown()), until,
        consecutiveFailures);
  }

  void urlRecoveredFromElsewhere(ApiKind kind, Channel c, String url) {
    urls.remove(new UrlId(kind, c.id(), url));
  }

  private static void cooledFromElsewhere(Cooldown cd, Instant until, int consecutiveFailures) {
    synchronized (cd) {
      if (cd.until == null || until.isAfter(cd.until)) cd.until = until;
      cd.consecutiveFailures = Math.max(cd.consecutiveFailures, consecutiveFailures);
    }
  }

  /** The cooldown of a key as {until, consecutiveFailures}, or null when it is not cooling. */
  Cooldown keyCooldown(ApiKind kind, Channel c, String key, Instant now) {
    return snapshotOf(keys.get(new KeyId(kind, c.id(), key)), now);
  }

  Cooldown urlCooldown(ApiKind kind, Channel c, String url, Instant now) {
    return snapshotOf(urls.get(new UrlId(kind, c.id(), url)), now);
  }

  /** Closes every breaker of the channel and clears its key and URL cooldowns. */
  void resume(ApiKind kind, String channelId) {
    breakers.forEach((slot, b) -> {
      if (slot.kind() == kind && slot.channelId().equals(channelId)) b.reset();
    });
    clearCooldowns(kind, channelId);
    if (sync != null) sync.resumed(kind, channelId);
  }

  /** {@link #resume} as another router did it: nothing is shared back. */
  void resumeFromElsewhere(ApiKind kind, String channelId) {
    breakers.forEach((slot, b) -> {
      if (slot.kind() == kind && slot.channelId().equals(channelId)) b.remoteClosed();
    });
    clearCooldowns(kind, channelId);
  }

  private void clearCooldowns(ApiKind kind, String channelId) {
    keys.keySet().removeIf(k -> k.kind() == kind && k.channelId().equals(channelId));
    urls.keySet().removeIf(u -> u.kind() == kind && u.channelId().equals(channelId));
  }

  /** Drops the state of channels, keys and base URLs that the snapshot no longer has. */
  void retain(ChannelSnapshot snapshot) {
    Set<Slot> slots = new HashSet<>();
    Set<KeyId> keyIds = new HashSet<>();
    Set<UrlId> urlIds = new HashSet<>();
    for (ApiKind kind : ApiKind.values()) {
      for (Channel c : snapshot.channels(kind)) {
        for (String key : c.apiKeys()) {
          keyIds.add(new KeyId(kind, c.id(), key));
          for (String url : c.allBaseUrls()) slots.add(new Slot(kind, c.id(), url, key));
        }
        for (String url : c.allBaseUrls()) urlIds.add(new UrlId(kind, c.id(), url));
      }
    }
    breakers.keySet().retainAll(slots);
    keys.keySet().retainAll(keyIds);
    urls.keySet().retainAll(urlIds);
  }

  private static Instant coolingUntil(Cooldown cd, Instant now) {
    if (cd == null) return null;
    synchronized (cd) {
      return cd.until != null && now.isBefore(cd.until) ? cd.until : null;
    }
  }

  private static Cooldown snapshotOf(Cooldown cd, Instant now) {
    if (cd == null) return null;
    synchronized (cd) {
      if (cd.until == null || !now.isBefore(cd.until)) return null;
      Cooldown copy = new Cooldown();
      copy.until = cd.until;
      copy.consecutiveFailures = cd.consecutiveFailures;
      return copy;
    }
  }
}
