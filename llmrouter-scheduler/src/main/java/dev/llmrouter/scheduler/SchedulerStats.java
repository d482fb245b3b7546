package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.scheduler.metrics.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Renders {@link Router#schedulerStats}. Stateless. */
final class SchedulerStats {
  private SchedulerStats() {}

  static JsonObject of(Router r, ApiKind kind) {
    Instant now = r.clock.instant();
    ChannelSnapshot snap = r.snapshot.get();
    RouterSettings s = r.settings;
    int notDisabled = 0;
    int active = 0;
    for (Channel c : snap.channels(kind)) {
      if (c.status() != ChannelStatus.DISABLED) notDisabled++;
      if (c.isActive()) active++;
    }
    JsonObject out = new JsonObject()
        .put("kind", kind.pathName())
        .put("multiChannelMode", notDisabled > 1)
        .put("activeChannelCount", active)
        .put("traceAffinityCount", r.affinity.size(kind, now))
        .put("traceAffinityTTL", GoDurations.format(s.affinityTtl()))
        .put("failureThreshold", Math.round(s.failureThreshold() * 100))
        .put("windowSize", s.windowSize())
        .put("minimumSamples", s.minimumSamples())
        .put("circuitRecoveryTime", GoDurations.format(s.breakerOpen()))
        .put("keyCooldown", GoDurations.format(s.keyCooldown()))
        .put("baseUrlCooldown", GoDurations.format(s.baseUrlCooldown()));
    JsonArray channels = new JsonArray();
    for (Channel c : ChannelSelector.byPriority(snap.channels(kind))) channels.add(channel(r, kind, c, now));
    return out.put("channels", channels);
  }

  private static JsonObject channel(Router r, ApiKind kind, Channel c, Instant now) {
    JsonObject o = new JsonObject()
        .put("id", c.id())
        .put("name", c.displayName())
        .put("status", c.status().wire())
        .put("priority", c.priority());
    if (c.weight() != null) o.put("weight", c.weight().longValue());
    o.put("promoted", c.isActive() && c.isPromoted(now))
        .put("healthy", r.health.isHealthy(kind, c, now))
        .put("failureRate", JsonNumber.of(Math.round(r.health.failureRate(kind, c) * 1000) / 1000.0))
        .put("affinityCount", r.affinity.count(kind, c.id(), now));
    JsonArray breakers = new JsonArray();
    for (String url : c.allBaseUrls()) {
      for (String key : c.apiKeys()) {
        KeyBreaker b = r.health.existing(kind, c, url, key);
        JsonObject e = new JsonObject().put("baseUrl", url).put("key", Keys.mask(key))
            .put("keyFingerprint", Keys.fingerprint(key));
        if (b == null) {
          e.put("state", "closed").put("failures", 0).put("results", 0).put("inFlight", 0);
        } else {
          e.put("state", b.state(now).name().toLowerCase(Locale.ROOT));
          int[] counts = b.counts();
          e.put("failures", counts[0]).put("results", counts[1]).put("inFlight", b.outstanding());
          Instant reopens = b.reopensAt();
          if (reopens != null) e.put("probeInSeconds", Math.max(0, Duration.between(now, reopens).toSeconds()));
        }
        breakers.add(e);
      }
    }
    o.put("breakers", breakers);
    JsonArray keyCooldowns = new JsonArray();
    for (String key : c.apiKeys()) {
      ChannelHealth.Cooldown cd = r.health.keyCooldown(kind, c, key, now);
      if (cd == null) continue;
      keyCooldowns.add(new JsonObject().put("key", Keys.mask(key)).put("keyFingerprint", Keys.fingerprint(key))
          .put("remainingSeconds", seconds(now, cd.until)).put("consecutiveFailures", cd.consecutiveFailures));
    }
    o.put("keyCooldowns", keyCooldowns);
    JsonArray urlCooldowns = new JsonArray();
    for (String url : c.allBaseUrls()) {
      ChannelHealth.Cooldown cd = r.health.urlCooldown(kind, c, url, now);
      if (cd == null) continue;
      urlCooldowns.add(new JsonObject().put("baseUrl", url).put("remainingSeconds", seconds(now, cd.until))
          .put("consecutiveFailures", cd.consecutiveFailures));
    }
    return o.put("baseUrlCooldowns", urlCooldowns);
  }

  private static long seconds(Instant now, Instant until) {
    return Math.max(0, (Duration.between(now, until).toMillis() + 999) / 1000);
  }
}
