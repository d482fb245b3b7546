package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.testing.MutableClock;
import static dev.llmrouter.scheduler.metrics.Outcomes.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsRecorderTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private final MetricsStore store = new MetricsStore(new MutableClock(NOW));

  @Test
  void outcomesReachTheStoreAndDownstreamInOrder() throws Exception {
    List<AttemptOutcome> seen = new CopyOnWriteArrayList<>();
    try (MetricsRecorder r = MetricsRecorder.builder(store).forwardTo(seen::add).build()) {
      AttemptOutcome a = ok("c1", "k1", NOW);
      AttemptOutcome b = ok("c1", "k2", NOW);
      r.onOutcome(a);
      r.onOutcome(b);
      assertTrue(r.awaitRecorded(2, Duration.ofSeconds(10)));
      assertEquals(List.of(a, b), seen);
      assertEquals(2, store.channel(ApiKind.MESSAGES, "c1").totals().requestCount());
      assertEquals(2, r.accepted());
      assertEquals(0, r.dropped());
    }
  }

  @Test
  void aFailingDownstreamListenerDoesNotStopRecording() throws Exception {
    List<AttemptOutcome> seen = new CopyOnWriteArrayList<>();
    try (MetricsRecorder r = MetricsRecorder.builder(store)
        .forwardTo(o -> { throw new IllegalStateException("broken sink"); })
        .forwardTo(seen::add).build()) {
      r.onOutcome(ok("c1", "k1", NOW));
      r.onOutcome(ok("c1", "k1", NOW));
      assertTrue(r.awaitIdle(Duration.ofSeconds(10)));
      assertEquals(2, seen.size());
      assertEquals(2, store.kind(ApiKind.MESSAGES).totals().requestCount());
    }
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (MetricsRecorder r = MetricsRecorder.builder(store).capacity(1).forwardTo(o -> {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).build()) {
      r.onOutcome(ok("c1", "k1", NOW));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      r.onOutcome(ok("c1", "k1", NOW)); // fills the queue
      r.onOutcome(ok("c1", "k1", NOW)); // dropped
      r.onOutcome(ok("c1", "k1", NOW)); // dropped
      assertEquals(2, r.accepted());
      assertEquals(2, r.dropped());
      release.countDown();
      assertTrue(r.awaitRecorded(2, Duration.ofSeconds(10)));
      assertEquals(2, store.kind(ApiKind.MESSAGES).totals().requestCount());
    }
  }

  @Test
  void closeRecordsWhatIsQueuedAndLaterOutcomesAreDropped() throws Exception {
    MetricsRecorder r = MetricsRecorder.builder(store).build();
    for (int i = 0; i < 1000; i++) r.onOutcome(ok("c1", "k1", NOW));
    r.close();
    assertEquals(1000, r.recorded());
    assertEquals(1000, store.kind(ApiKind.MESSAGES).totals().requestCount());
    r.onOutcome(ok("c1", "k1", NOW));
    assertEquals(1, r.dropped());
    r.close();
  }
}
