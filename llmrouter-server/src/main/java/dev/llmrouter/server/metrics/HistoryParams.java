package dev.llmrouter.server.metrics;

import dev.llmrouter.scheduler.metrics.GoDurations;
import dev.llmrouter.scheduler.metrics.HistoryRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code duration} and {@code interval} query parameters of the history routes, read into a
 * {@link HistoryRange}. {@code duration} is a Go duration or {@code today} (since local midnight in
 * the clock's zone); {@code interval} is a Go duration, raised to at least 1 minute.
 *
 * @param range the buckets
 * @param label the duration for answers: {@code today}, or the Go string of the clamped duration
 */
record HistoryParams(HistoryRange range, String label) {

  /** A parameter with a value that cannot be used. */
  static final class BadParameter extends RuntimeException {
    final String field;

    BadParameter(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  /**
   * Reads the parameters.
   *
   * @param duration the parameter's value, or null for {@code defaultDuration}
   * @param interval the parameter's value, or null for the duration's default
   * @throws BadParameter naming the parameter when a value does not parse
   */
  static HistoryParams read(String duration, String interval, Duration defaultDuration, Clock clock) {
    Instant now = clock.instant();
    Duration d;
    String label = null;
    if (duration == null || duration.isEmpty()) {
      d = defaultDuration;
    } else if (duration.equals("today")) {
      d = HistoryRange.sinceMidnight(now, clock.getZone());
      label = "today";
    } else {
      try {
        d = GoDurations.parse(duration);
      } catch (IllegalArgumentException e) {
        throw new BadParameter("duration", "invalid duration '" + duration
            + "': use a duration such as 1h, 6h, 24h or 90m, or today");
      }
    }
    Duration i = null;
    if (interval != null && !interval.isEmpty()) {
      try {
        i = GoDurations.parse(interval);
      } catch (IllegalArgumentException e) {
        throw new BadParameter("interval", "invalid interval '" + interval
            + "': use a duration such as 1m, 5m or 15m (at least 1m)");
      }
    }
    HistoryRange range = HistoryRange.of(d, i, now);
    return new HistoryParams(range, label != null ? label : GoDurations.format(range.duration()));
  }
}
