package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass status agrees with health and failure rate asked for separately. */
class ChannelHealthTest {
  private static final ApiKind K = ApiKind.MESSAGES;
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ChannelHealth health = new ChannelHealth(RouterSettings.DEFAULT);
  private final Channel c = channel("c", "k1", "k2").baseUrls(List.of("https://u1.example", "https://u2.example"))
      .baseUrl("").build();

  private void assertAgrees(String label, boolean healthy, Instant now) {
    ChannelHealth.Status s = health.status(K, c, now);
    assertEquals(healthy, health.isHealthy(K, c, now), label);
    assertEquals(new ChannelHealth.Status(healthy, health.failureRate(K, c)), s, label);
  }

  private void fail(String url, String key, int n) {
    KeyBreaker b = health.breaker(K, c, url, key);
    for (int i = 0; i < n; i++) {
      KeyBreaker.Permit p = b.tryAcquire(t0);
      if (p == null) return;
      b.failure(p, t0);
    }
  }

  @Test
  void statusAgreesWithHealthAndFailureRate() {
    assertAgrees("no traffic", true, t0);
    KeyBreaker ok = health.breaker(K, c, "https://u1.example", "k1");
    ok.success(ok.tryAcquire(t0));
    fail("https://u2.example", "k1", 100);
    assertAgrees("u2 x k1 open", true, t0);
    assertTrue(health.failureRate(K, c) > 0.5, "one success, the rest failures");
    health.keyFailed(K, c, "k2", null, t0);
    assertAgrees("k2 cooling, k1 still has u1", true, t0);
    fail("https://u1.example", "k1", 100);
    assertAgrees("every slot of k1 open, k2 cooling", false, t0);
    Instant later = t0.plus(RouterSettings.DEFAULT.breakerOpen());
    assertAgrees("open breakers due for a probe", true, later);
    health.keySucceeded(K, c, "k2");
    assertAgrees("k2 back, its slots never had traffic", true, t0);
    assertAgrees("a minute on", true, t0.plus(Duration.ofMinutes(1)));
  }

  @Test
  void keyOrderIsTheConfiguredListWhileNoKeyIsCooling() {
    assertSame(c.apiKeys(), health.keyOrder(K, c, t0));
    health.keyFailed(K, c, "k1", null, t0);
    assertEquals(List.of("k2"), health.keyOrder(K, c, t0));
    health.keySucceeded(K, c, "k1");
    assertSame(c.apiKeys(), health.keyOrder(K, c, t0));
  }
}
