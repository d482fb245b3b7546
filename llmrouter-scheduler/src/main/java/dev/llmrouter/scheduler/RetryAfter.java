package dev.llmrouter.scheduler;

import dev.llmrouter.api.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an upstream's {@code retry-after-ms} or {@code retry-after} (seconds or HTTP date). Stateless. */
final class RetryAfter {
  /** Longer hints are capped: an upstream must not bench a key for days by one header. */
  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /** The wait the upstream asked for, or null when it asked for none (or sent nonsense). */
  static Duration parse(HttpHeaders headers, Instant now) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.strip());
        if (v >= 0 && !Double.isNaN(v) && !Double.isInfinite(v)) return cap(Duration.ofMillis((long) v));
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    String value = headers.get("retry-after");
    if (value == null) return null;
    String v = value.strip();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) return null;
      return cap(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return cap(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
