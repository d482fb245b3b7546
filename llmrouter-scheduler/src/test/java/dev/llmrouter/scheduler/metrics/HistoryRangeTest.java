package dev.llmrouter.scheduler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HistoryRangeTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");

  @Test
  void oneHourUsesOneMinuteBucketsAndSixtyOnePoints() {
    HistoryRange r = HistoryRange.of(Duration.ofHours(1), null, NOW);
    assertEquals(Duration.ofMinutes(1), r.interval());
    assertEquals(Instant.parse("2026-11-28T09:07:00Z"), r.start());
    assertEquals(61, r.count());
    assertEquals(Instant.parse("2026-11-28T10:07:00Z"), r.bucketStart(60));
    assertEquals(Instant.parse("2026-11-28T10:08:00Z"), r.bucketEnd(60));
  }

  @Test
  void sixHoursUsesFiveMinuteBucketsAndSeventyThreePoints() {
    HistoryRange r = HistoryRange.of(Duration.ofHours(6), null, NOW);
    assertEquals(Duration.ofMinutes(5), r.interval());
    assertEquals(Instant.parse("2026-11-28T04:05:00Z"), r.start());
    assertEquals(73, r.count());
    assertEquals(Instant.parse("2026-11-28T10:10:00Z"), r.bucketEnd(72));
  }

  @Test
  void twentyFourHoursUsesFifteenMinuteBucketsAndNinetySevenPoints() {
    HistoryRange r = HistoryRange.of(Duration.ofHours(24), null, NOW);
    assertEquals(Duration.ofMinutes(15), r.interval());
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), r.start());
    assertEquals(97, r.count());
  }

  @Test
  void durationsAboveADayAreClamped() {
    HistoryRange r = HistoryRange.of(Duration.ofHours(48), null, NOW);
    assertEquals(Duration.ofHours(24), r.duration());
    assertEquals(97, r.count());
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), r.start());
  }

  @Test
  void manualIntervalSetsTheBucketsAndTheCountIsFloorPlusOne() {
    HistoryRange r = HistoryRange.of(Duration.ofMinutes(45), Duration.ofMinutes(10), NOW);
    assertEquals(Duration.ofMinutes(10), r.interval());
    assertEquals(Instant.parse("2026-11-28T09:20:00Z"), r.start());
    assertEquals(5, r.count());
    assertEquals(Instant.parse("2026-11-28T10:10:00Z"), r.bucketEnd(4));
    HistoryRange hourly = HistoryRange.of(Duration.ofHours(24), Duration.ofHours(1), NOW);
    assertEquals(25, hourly.count());
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), hourly.start());
  }

  @Test
  void manualIntervalIsAtLeastOneMinuteAndRoundedUpToWholeMinutes() {
    assertEquals(Duration.ofMinutes(1), HistoryRange.of(Duration.ofHours(1), Duration.ofSeconds(10), NOW).interval());
    assertEquals(Duration.ofMinutes(1), HistoryRange.of(Duration.ofHours(1), Duration.ZERO, NOW).interval());
    assertEquals(Duration.ofMinutes(2), HistoryRange.of(Duration.ofHours(1), Duration.ofSeconds(90), NOW).interval());
    assertEquals(61, HistoryRange.of(Duration.ofHours(1), Duration.ofSeconds(10), NOW).count());
  }

  @Test
  void intervalLongerThanTheDurationStillGivesTwoBuckets() {
    HistoryRange r = HistoryRange.of(Duration.ofMinutes(30), Duration.ofHours(1), NOW);
    assertEquals(2, r.count());
    assertEquals(Instant.parse("2026-11-28T09:00:00Z"), r.start());
  }

  @Test
  void todayRunsFromLocalMidnight() {
    Duration d = HistoryRange.sinceMidnight(NOW, ZoneOffset.UTC);
    assertEquals(Duration.parse("PT10H7M30S"), d);
    HistoryRange r = HistoryRange.of(d, null, NOW);
    assertEquals(Duration.ofMinutes(15), r.interval());
    assertEquals(Instant.parse("2026-11-28T00:00:00Z"), r.start());
    assertEquals(41, r.count());
    assertEquals(Instant.parse("2026-11-28T10:15:00Z"), r.bucketEnd(40));
  }

  @Test
  void todayInAnotherZoneStartsAtThatZonesMidnight() {
    Duration d = HistoryRange.sinceMidnight(NOW, ZoneId.of("America/New_York"));
    assertEquals(Duration.parse("PT5H7M30S"), d);
  }

  @Test
  void todayJustAfterMidnightIsAtLeastOneMinute() {
    Instant now = Instant.parse("2026-11-28T00:00:20Z");
    Duration d = HistoryRange.sinceMidnight(now, ZoneOffset.UTC);
    assertEquals(Duration.ofMinutes(1), d);
    HistoryRange r = HistoryRange.of(d, null, now);
    assertEquals(Instant.parse("2026-11-27T23:59:00Z"), r.start());
    assertEquals(2, r.count());
  }

  @Test
  void zeroOrNegativeDurationGivesNoBuckets() {
    assertEquals(0, HistoryRange.of(Duration.ZERO, null, NOW).count());
    assertEquals(0, HistoryRange.of(Duration.ofHours(-1), null, NOW).count());
  }
}
