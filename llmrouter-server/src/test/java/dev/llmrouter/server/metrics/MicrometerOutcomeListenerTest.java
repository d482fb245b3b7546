package dev.llmrouter.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerOutcomeListenerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerOutcomeListener listener = new MicrometerOutcomeListener(registry);

  private static AttemptOutcome outcome(ApiKind kind, int status, AttemptOutcome.Result result, long firstMs,
      long totalMs, Usage usage) {
    return new AttemptOutcome(kind, "ch-1", "one", "https://up", "fp", "mask", "m", status, result,
        firstMs < 0 ? -1 : firstMs * 1_000_000L, totalMs * 1_000_000L, usage, false, Instant.EPOCH, null);
  }

  @Test
  void countsRequestsTokensAndTimesWithTheirTags() {
    listener.onOutcome(outcome(ApiKind.RESPONSES, 200, AttemptOutcome.Result.SUCCESS, 40, 200,
        new Usage(100, 20, 30, 5, 0, false)));
    listener.onOutcome(outcome(ApiKind.RESPONSES, 200, AttemptOutcome.Result.SUCCESS, 60, 400, Usage.of(1, 2)));
    listener.onOutcome(outcome(ApiKind.RESPONSES, 0, AttemptOutcome.Result.FAILURE, -1, 10_000, Usage.NONE));
    listener.onOutcome(outcome(ApiKind.RESPONSES, 429, AttemptOutcome.Result.FAILURE, 5, 5, Usage.NONE));
    assertEquals(2.0, registry.get("llmrouter.requests").tags("kind", "responses", "channel", "ch-1",
        "status_class", "2xx", "outcome", "success").counter().count());
    assertEquals(1.0, registry.get("llmrouter.requests").tags("status_class", "none", "outcome", "failure")
        .counter().count());
    assertEquals(1.0, registry.get("llmrouter.requests").tags("status_class", "4xx").counter().count());
    assertEquals(101.0, registry.get("llmrouter.tokens").tags("type", "input").counter().count());
    assertEquals(22.0, registry.get("llmrouter.tokens").tags("type", "output").counter().count());
    assertEquals(30.0, registry.get("llmrouter.tokens").tags("type", "cache_read").counter().count());
    assertEquals(5.0, registry.get("llmrouter.tokens").tags("type", "cache_creation").counter().count());
    assertEquals(2, registry.get("llmrouter.request.duration").tags("outcome", "success").timer().count());
    assertEquals(600.0, registry.get("llmrouter.request.duration").tags("outcome", "success").timer()
        .totalTime(TimeUnit.MILLISECONDS), 1e-6);
    assertEquals(3, registry.get("llmrouter.request.first_token").timer().count());
    assertNull(registry.find("llmrouter.requests").tags("kind", "messages").counter());
  }

  @Test
  void statusClasses() {
    assertEquals("2xx", MicrometerOutcomeListener.statusClass(204));
    assertEquals("5xx", MicrometerOutcomeListener.statusClass(503));
    assertEquals("none", MicrometerOutcomeListener.statusClass(0));
    assertEquals("none", MicrometerOutcomeListener.statusClass(1000));
  }
}
