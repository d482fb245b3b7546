package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 100,000 outcomes over 30 hours of fake time: the number of series and rings (the only things that
 * allocate) stays fixed once every channel and key has been seen, the used heap after GC stays within
 * a bound, and nothing is dropped when outcomes arrive in bursts of 5,000. Logs the recording cost.
 */
class MetricsSoakTest {
  private static final Logger log = LoggerFactory.getLogger(MetricsSoakTest.class);
  private static final int TOTAL = 100_000;
  private static final int CHANNELS = 20;
  private static final int KEYS = 5;

  @Test
  void hundredThousandOutcomesKeepMemoryFlat() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    MetricsStore store = new MetricsStore(clock);
    AttemptOutcome[] outcomes = new AttemptOutcome[TOTAL];
    for (int i = 0; i < TOTAL; i++) {
      // 30 hours of traffic, about one outcome every 1.08 s.
      Instant at = clock.instant().plusMillis(i * 1080L);
      AttemptOutcome.Result result = i % 10 == 0 ? AttemptOutcome.Result.FAILURE
          : i % 97 == 0 ? AttemptOutcome.Result.CANCELLED : AttemptOutcome.Result.SUCCESS;
      outcomes[i] = Outcomes.of(ApiKind.values()[i % 3], "ch" + (i % CHANNELS), "k" + (i % KEYS), result, at,
          new Usage(100, 20, 30, 5, 0, false), 50 + i % 3000, 10 + i % 500);
    }
    long requestNanos = 0;
    int rings20k = 0;
    int series20k = 0;
    long heap20k = 0;
    long measured = 0;
    try (MetricsRecorder recorder = MetricsRecorder.builder(store).capacity(8192).build()) {
      for (int burst = 0; burst < TOTAL / 5000; burst++) {
        long t0 = System.nanoTime();
        for (int i = burst * 5000; i < (burst + 1) * 5000; i++) {
          clock.set(outcomes[i].at());
          recorder.onOutcome(outcomes[i]);
        }
        // The first 20,000 warm up the JIT; the cost is measured on the rest.
        if (burst >= 4) {
          requestNanos += System.nanoTime() - t0;
          measured += 5000;
        }
        assertTrue(recorder.awaitRecorded((burst + 1) * 5000L, Duration.ofSeconds(30)));
        if ((burst + 1) * 5000 == 20_000) {
          rings20k = store.ringCount();
          series20k = store.seriesCount();
          heap20k = usedHeapAfterGc();
        }
      }
      assertTrue(recorder.awaitRecorded(TOTAL, Duration.ofSeconds(30)));
      assertEquals(0, recorder.dropped());
    }
    long heapEnd = usedHeapAfterGc();
    int expectedSeries = 3 + 3 * CHANNELS + 3 * CHANNELS * KEYS;
    assertEquals(series20k, store.seriesCount());
    assertTrue(store.seriesCount() <= expectedSeries, "series " + store.seriesCount());
    assertEquals(rings20k, store.ringCount());
    assertTrue(heapEnd - heap20k < 32L * 1024 * 1024, "heap grew by " + (heapEnd - heap20k) + " bytes");
    long total = 0;
    for (ApiKind k : ApiKind.values()) total += store.kind(k).totals().requestCount();
    assertEquals(TOTAL, total);

    // The aggregation itself, as the recorder's thread runs it.
    MetricsStore direct = new MetricsStore(clock);
    for (int i = 0; i < 20_000; i++) direct.record(outcomes[i]); // warm-up
    long t0 = System.nanoTime();
    for (int i = 0; i < TOTAL; i++) direct.record(outcomes[i]);
    long aggregateNanos = System.nanoTime() - t0;
    log.info("[Metrics-Soak] onOutcome (request thread) {} ns/outcome; aggregation (metrics thread) {} ns/outcome; "
            + "series {}; rings {}; heap after GC {} KiB at 20k, {} KiB at 100k",
        requestNanos / measured, aggregateNanos / TOTAL, store.seriesCount(), store.ringCount(), heap20k / 1024,
        heapEnd / 1024);
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
