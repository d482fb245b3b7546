package dev.llmrouter.scheduler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {
  @Test
  void parsesGoDurationGrammar() {
    assertEquals(Duration.ofHours(1), GoDurations.parse("1h"));
    assertEquals(Duration.ofMinutes(90), GoDurations.parse("90m"));
    assertEquals(Duration.ofMinutes(90), GoDurations.parse("1.5h"));
    assertEquals(Duration.ofMinutes(165), GoDurations.parse("2h45m"));
    assertEquals(Duration.ofHours(-1), GoDurations.parse("-1h"));
    assertEquals(Duration.ofMinutes(5), GoDurations.parse("+5m"));
    assertEquals(Duration.ZERO, GoDurations.parse("0"));
    assertEquals(Duration.ofMillis(500), GoDurations.parse("500ms"));
    assertEquals(Duration.ofNanos(1500), GoDurations.parse("1.5us"));
    assertEquals(Duration.ofNanos(2000), GoDurations.parse("2\u00b5s"));
    assertEquals(Duration.ofNanos(7), GoDurations.parse("7ns"));
    assertEquals(Duration.ofMillis(1500), GoDurations.parse("1s500ms"));
    assertEquals(Duration.ofSeconds(30), GoDurations.parse(".5m"));
  }

  @Test
  void refusesWhatGoRefuses() {
    for (String bad : new String[] {"", "1", "h", "1d", "1.2.3h", "abc", "-", "1h-5m", "today"}) {
      assertThrows(IllegalArgumentException.class, () -> GoDurations.parse(bad), bad);
    }
  }

  @Test
  void formatsLikeGoDurationString() {
    assertEquals("24h0m0s", GoDurations.format(Duration.ofHours(24)));
    assertEquals("6h0m0s", GoDurations.format(Duration.ofHours(6)));
    assertEquals("1h0m0s", GoDurations.format(Duration.ofHours(1)));
    assertEquals("30m0s", GoDurations.format(Duration.ofMinutes(30)));
    assertEquals("1m30s", GoDurations.format(Duration.ofSeconds(90)));
    assertEquals("1h30m0s", GoDurations.format(Duration.ofMinutes(90)));
    assertEquals("1.5s", GoDurations.format(Duration.ofMillis(1500)));
    assertEquals("500ms", GoDurations.format(Duration.ofMillis(500)));
    assertEquals("1.5\u00b5s", GoDurations.format(Duration.ofNanos(1500)));
    assertEquals("7ns", GoDurations.format(Duration.ofNanos(7)));
    assertEquals("0s", GoDurations.format(Duration.ZERO));
    assertEquals("-1h0m0s", GoDurations.format(Duration.ofHours(-1)));
  }

  @Test
  void formatsBelowOneSecondWithoutTruncatingToSeconds() {
    assertEquals("1ms", GoDurations.format(Duration.ofMillis(1)));
    assertEquals("250ms", GoDurations.format(Duration.ofMillis(250)));
    assertEquals("999.5ms", GoDurations.format(Duration.ofNanos(999_500_000L)));
    assertEquals("1m1.5s", GoDurations.format(Duration.ofMillis(61_500)));
    assertEquals("1h0m0.25s", GoDurations.format(Duration.ofMillis(3_600_250)));
    assertEquals("-250ms", GoDurations.format(Duration.ofMillis(-250)));
  }
}
