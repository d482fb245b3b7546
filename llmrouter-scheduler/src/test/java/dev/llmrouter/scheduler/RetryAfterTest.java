package dev.llmrouter.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void readsSecondsDatesAndMilliseconds() {
    assertEquals(Duration.ofSeconds(30), RetryAfter.parse(HttpHeaders.of("retry-after", "30"), NOW));
    assertEquals(Duration.ofMillis(1500), RetryAfter.parse(HttpHeaders.of("Retry-After", " 1.5 "), NOW));
    assertEquals(Duration.ofSeconds(90),
        RetryAfter.parse(HttpHeaders.of("retry-after", "Thu, 01 Jan 2026 00:01:30 GMT"), NOW));
    assertEquals(Duration.ZERO, RetryAfter.parse(HttpHeaders.of("retry-after", "Wed, 31 Dec 2025 23:59:00 GMT"), NOW));
    assertEquals(Duration.ofMillis(250), RetryAfter.parse(HttpHeaders.of("retry-after-ms", "250", "retry-after", "30"), NOW),
        "retry-after-ms is the more precise");
  }

  @Test
  void ignoresNonsenseAndCapsLongWaits() {
    assertNull(RetryAfter.parse(HttpHeaders.empty(), NOW));
    assertNull(RetryAfter.parse(HttpHeaders.of("retry-after", "soon"), NOW));
    assertNull(RetryAfter.parse(HttpHeaders.of("retry-after", "-5"), NOW));
    assertEquals(Duration.ofSeconds(7), RetryAfter.parse(HttpHeaders.of("retry-after-ms", "x", "retry-after", "7"), NOW));
    assertEquals(RetryAfter.MAX, RetryAfter.parse(HttpHeaders.of("retry-after", "86400"), NOW));
  }
}
