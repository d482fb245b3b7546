package dev.llmrouter.scheduler.metrics;

import static dev.llmrouter.scheduler.metrics.Outcomes.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Batch listeners get every outcome, in order, in batches, on the recorder's own thread. */
class MetricsRecorderBatchTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private final MetricsStore store = new MetricsStore(new MutableClock(NOW));

  @Test
  void batchesArriveInOrderOnTheRecordersThreadAndCloseHandsOverWhatIsQueued() {
    List<AttemptOutcome> seen = new ArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<AttemptOutcome> sent = new ArrayList<>();
    MetricsRecorder r = MetricsRecorder.builder(store).forwardBatchesTo(batch -> {
      threads.add(Thread.currentThread().getName());
      synchronized (seen) {
        seen.addAll(batch);
      }
    }).build();
    for (int i = 0; i < 2000; i++) {
      AttemptOutcome o = ok("c1", "k" + (i % 3), NOW);
      sent.add(o);
      r.onOutcome(o);
    }
    r.close();
    synchronized (seen) {
      assertEquals(sent, seen);
    }
    assertEquals(Set.of("llmrouter-metrics"), threads);
    assertEquals(2000, store.kind(ApiKind.MESSAGES).totals().requestCount());
  }

  @Test
  void aFailingBatchListenerDoesNotStopRecordingNorTheOthers() throws Exception {
    List<AttemptOutcome> seen = new ArrayList<>();
    try (MetricsRecorder r = MetricsRecorder.builder(store)
        .forwardBatchesTo(batch -> { throw new IllegalStateException("broken sink"); })
        .forwardBatchesTo(batch -> {
          synchronized (seen) {
            seen.addAll(batch);
          }
        }).build()) {
      r.onOutcome(ok("c1", "k1", NOW));
      r.onOutcome(ok("c1", "k1", NOW));
      assertTrue(r.awaitIdle(java.time.Duration.ofSeconds(10)));
      synchronized (seen) {
        assertEquals(2, seen.size());
      }
      assertEquals(2, store.kind(ApiKind.MESSAGES).totals().requestCount());
    }
  }
}
