package dev.llmrouter.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A breaker logs its opening, half-opening and closing, and a key its cooldown and its return,
 * naming the channel by name, the base URL without credentials and the key masked (slf4j-simple
 * writes to standard error in these tests).
 */
class BreakerEventLogTest {
  private static final String KEY = "sk-ant-api03-secretkeyvalue-0123456789";

  private static String captured(Runnable r) {
    PrintStream original = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void transitionsAreLoggedWithTheChannelNameAndNoSecret() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ChannelHealth health = new ChannelHealth(RouterSettings.DEFAULT);
    Channel c = Channel.builder().id("ch-1").name("relay one").serviceType("claude")
        .baseUrl("https://user:pass@relay.example/v1?token=abc").apiKeys(KEY).build();
    String text = captured(() -> {
      KeyBreaker b = health.breaker(ApiKind.MESSAGES, c, c.baseUrl(), KEY);
      for (int i = 0; i < 5; i++) b.failure(b.tryAcquire(clock.instant()), clock.instant());
      clock.advance(Duration.ofMinutes(15));
      KeyBreaker.Permit probe = b.tryAcquire(clock.instant());
      b.success(probe);
      health.keyFailed(ApiKind.MESSAGES, c, KEY, Duration.ofSeconds(30), clock.instant());
      health.keySucceeded(ApiKind.MESSAGES, c, KEY);
    });
    String slot = "kind=messages channel=relay one url=https://relay.example/v1 key=sk-ant-a…6789";
    int opened = text.indexOf("[Scheduler-Circuit] opened " + slot);
    int half = text.indexOf("[Scheduler-Circuit] half-open " + slot);
    int closed = text.indexOf("[Scheduler-Circuit] closed " + slot);
    assertTrue(opened >= 0 && half > opened && closed > half, text);
    assertTrue(text.contains("[Scheduler-KeyCooldown] kind=messages channel=relay one key=sk-ant-a…6789 rests 30s"), text);
    assertTrue(text.contains("[Scheduler-KeyRecovered] kind=messages channel=relay one key=sk-ant-a…6789"), text);
    assertFalse(text.contains(KEY) || text.contains("pass@") || text.contains("token=abc"), text);
    assertEquals(-1, text.indexOf("[Scheduler-Circuit] opened", opened + 1), "opened once");
  }
}
