package dev.llmrouter.scheduler;

import dev.llmrouter.api.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.scheduler.KeyBreaker.Permit;
import dev.llmrouter.scheduler.KeyBreaker.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyBreakerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final KeyBreaker breaker = new KeyBreaker(RouterSettings.DEFAULT);

  private void fail(int n) {
    for (int i = 0; i < n; i++) breaker.failure(breaker.tryAcquire(clock.instant()), clock.instant());
  }

  private void succeed(int n) {
    for (int i = 0; i < n; i++) breaker.success(breaker.tryAcquire(clock.instant()));
  }

  private void openIt() {
    fail(5);
    assertEquals(State.OPEN, breaker.state(clock.instant()));
  }

  @Test
  void staysClosedBelowTheMinimumSamples() {
    fail(4);
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
    assertNotNull(breaker.tryAcquire(clock.instant()));
  }

  @Test
  void opensAtHalfTheResultsOnceFiveAreIn() {
    succeed(2);
    fail(2);
    assertEquals(State.CLOSED, breaker.state(clock.instant()), "2 of 4: below the minimum samples");
    fail(1);
    assertEquals(State.OPEN, breaker.state(clock.instant()), "3 of 5 = 60% >= 50%");
    assertNull(breaker.tryAcquire(clock.instant()));
  }

  @Test
  void ratioBelowTheThresholdKeepsItClosed() {
    succeed(6);
    fail(4);
    assertEquals(State.CLOSED, breaker.state(clock.instant()), "4 of 10 = 40%");
    breaker.failure(breaker.tryAcquire(clock.instant()), clock.instant());
    // The window holds the last 10: 5 successes and 5 failures = 50%.
    assertEquals(State.OPEN, breaker.state(clock.instant()));
  }

  @Test
  void staysOpenFifteenMinutesThenLetsOneProbeThrough() {
    openIt();
    clock.advance(Duration.ofMinutes(15).minusSeconds(1));
    assertNull(breaker.tryAcquire(clock.instant()));
    assertFalse(breaker.isAvailable(clock.instant()));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(breaker.isAvailable(clock.instant()));
    Permit probe = breaker.tryAcquire(clock.instant());
    assertNotNull(probe);
    assertTrue(probe.probe());
    assertEquals(State.HALF_OPEN, breaker.state(clock.instant()));
    assertNull(breaker.tryAcquire(clock.instant()), "only one probe at a time");
  }

  @Test
  void successfulProbeCloses() {
    openIt();
    clock.advance(Duration.ofMinutes(15));
    breaker.success(breaker.tryAcquire(clock.instant()));
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
    assertEquals(0, breaker.counts()[1], "a closed breaker starts a fresh window");
    fail(4);
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
  }

  @Test
  void failedProbeReopensForAnotherFifteenMinutes() {
    openIt();
    clock.advance(Duration.ofMinutes(15));
    breaker.failure(breaker.tryAcquire(clock.instant()), clock.instant());
    assertEquals(State.OPEN, breaker.state(clock.instant()));
    clock.advance(Duration.ofMinutes(14));
    assertNull(breaker.tryAcquire(clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    assertNotNull(breaker.tryAcquire(clock.instant()));
  }

  @Test
  void abandonedHalfOpenTrialDoesNotWedgeBreaker() {
    openIt();
    clock.advance(Duration.ofMinutes(15));
    Permit probe = breaker.tryAcquire(clock.instant());
    assertNotNull(probe);
    breaker.release(probe); // the client went away: no result
    assertEquals(State.HALF_OPEN, breaker.state(clock.instant()));
    Permit next = breaker.tryAcquire(clock.instant());
    assertNotNull(next, "the released probe permit is available again");
    breaker.success(next);
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
  }

  @Test
  void releasingClosedPermitsRecordsNothing() {
    for (int i = 0; i < 20; i++) breaker.release(breaker.tryAcquire(clock.instant()));
    assertEquals(0, breaker.counts()[1]);
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
  }

  @Test
  void resultsOfPermitsFromBeforeAnOpeningAreIgnored() {
    Permit slow = breaker.tryAcquire(clock.instant());
    openIt();
    breaker.success(slow);
    assertEquals(State.OPEN, breaker.state(clock.instant()));
    clock.advance(Duration.ofMinutes(15));
    Permit probe = breaker.tryAcquire(clock.instant());
    breaker.failure(slow, clock.instant());
    assertEquals(State.HALF_OPEN, breaker.state(clock.instant()), "a stale failure cannot reopen");
    breaker.success(probe);
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
  }

  @Test
  void forcedSuccessClosesAndForcedFailureChangesNothing() {
    openIt();
    Instant reopens = breaker.reopensAt();
    breaker.failure(breaker.force(), clock.instant());
    assertEquals(reopens, breaker.reopensAt());
    breaker.success(breaker.force());
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
  }

  @Test
  void resetClosesAtOnce() {
    openIt();
    breaker.reset();
    assertEquals(State.CLOSED, breaker.state(clock.instant()));
    assertNotNull(breaker.tryAcquire(clock.instant()));
  }
}
