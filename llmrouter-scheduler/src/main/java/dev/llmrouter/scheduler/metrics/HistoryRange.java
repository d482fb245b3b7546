package dev.llmrouter.scheduler.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The buckets of a history query: {@code count} buckets of {@code interval}, the first starting at
 * {@code start}. Built by {@link #of}, which follows the original's rules: durations above 24 hours
 * are clamped to 24 hours; without an interval 1 hour or less gets 1 minute, 6 hours or less 5
 * minutes, anything longer 15 minutes; an interval is at least 1 minute and is rounded up to whole
 * minutes (history is kept per minute); {@code start} is {@code now - duration} truncated down to a
 * multiple of the interval counted from the Unix epoch; there are {@code floor(duration / interval)}
 * (at least 1) plus one buckets, so the last one holds {@code now}. A zero or negative duration gives
 * no buckets. Immutable.
 *
 * @param duration the (clamped) duration asked for
 * @param interval the bucket length, whole minutes
 * @param start the start of the first bucket
 * @param count the number of buckets
 */
public record HistoryRange(Duration duration, Duration interval, Instant start, int count) {
  /** The longest duration kept in memory. */
  public static final Duration MAX_DURATION = Duration.ofHours(24);

  /**
   * @param duration how far back the range goes
   * @param interval the bucket length
   * @param start the start of the first bucket
   * @param count the number of buckets, at least 0
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when {@code count} is negative
   */
  public HistoryRange {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(start, "start");
    if (count < 0) throw new IllegalArgumentException("count < 0: " + count);
  }

  /**
   * The range of {@code duration} ending now.
   *
   * @param interval the bucket length asked for, or null for the default of the duration
   * @param duration how far back, capped at {@link #MAX_DURATION}
   * @param now the end of the range
   * @return the range
   */
  public static HistoryRange of(Duration duration, Duration interval, Instant now) {
    Duration d = duration.compareTo(MAX_DURATION) > 0 ? MAX_DURATION : duration;
    Duration i = interval == null ? defaultInterval(d) : wholeMinutes(interval);
    if (d.isZero() || d.isNegative()) return new HistoryRange(d, i, now, 0);
    long intervalMs = i.toMillis();
    long startMs = Math.floorDiv(now.toEpochMilli() - d.toMillis(), intervalMs) * intervalMs;
    long n = Math.max(1, d.toMillis() / intervalMs) + 1;
    return new HistoryRange(d, i, Instant.ofEpochMilli(startMs), (int) n);
  }

  /**
   * The time since local midnight in {@code zone} (at least 1 minute): the duration of {@code today}.
   *
   * @param now the current time
   * @param zone the time zone of the day
   * @return the duration
   */
  public static Duration sinceMidnight(Instant now, ZoneId zone) {
    Instant midnight = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
    Duration d = Duration.between(midnight, now);
    return d.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : d;
  }

  /**
   * 1 minute up to 1 hour, 5 minutes up to 6 hours, 15 minutes beyond.
   *
   * @param duration the range's duration
   * @return the bucket length
   */
  public static Duration defaultInterval(Duration duration) {
    if (duration.compareTo(Duration.ofHours(1)) <= 0) return Duration.ofMinutes(1);
    if (duration.compareTo(Duration.ofHours(6)) <= 0) return Duration.ofMinutes(5);
    return Duration.ofMinutes(15);
  }

  private static Duration wholeMinutes(Duration interval) {
    long ms = interval.toMillis();
    if (ms <= 60_000L) return Duration.ofMinutes(1);
    return Duration.ofMinutes((ms + 59_999L) / 60_000L);
  }

  /**
   * The start of bucket {@code i}.
   *
   * @param i the bucket index
   * @return the start
   */
  public Instant bucketStart(int i) {
    return start.plus(interval.multipliedBy(i));
  }

  /**
   * The end of bucket {@code i} (exclusive).
   *
   * @param i the bucket index
   * @return the end
   */
  public Instant bucketEnd(int i) {
    return start.plus(interval.multipliedBy(i + 1L));
  }
}
