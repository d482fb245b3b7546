package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The scale test's second warm-up opens a connection for each stream on both sides: the driver
 * sends {@code Connection: close}, and the mock closes its answer's connection when asked with
 * {@code ?close=1}, so that a proxy between them opens a new upstream connection too.
 */
class NewConnectionsTest {
  private static final byte[] STREAM = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, ",\"stream\":true")
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void theDriverKeepsNoConnectionWhenItAsksForNewOnes() throws Exception {
    try (MockUpstream mock = new MockUpstream(1, 0, 1)) {
      LoadDriver kept = new LoadDriver(16, Executors.defaultThreadFactory());
      // Each client sends requests until the phase's end: at least one, however slow the machine.
      LoadDriver.Result r = kept.run(mock.baseUrl() + "/v1/messages", STREAM, true, 2, Duration.ZERO,
          Duration.ofSeconds(1));
      assertTrue(r.requests() > 0 && r.errors() == 0, r.requests() + " requests, " + r.errors() + " errors");
      assertTrue(kept.pooledConnections() > 0, "kept-alive requests leave their connections in the pool");
      kept.close();

      LoadDriver fresh = new LoadDriver(16, Executors.defaultThreadFactory());
      long before = mock.requests();
      fresh.warmNewConnections(mock.baseUrl() + "/v1/messages", STREAM, true, 2, Duration.ofSeconds(1));
      assertTrue(mock.requests() > before, "the warm-up sent no request");
      assertEquals(0, fresh.pooledConnections(), "each request's connection is closed after its answer");
      fresh.close();
    }
  }

  @Test
  void theMockClosesItsAnswersConnectionWhenAsked() throws Exception {
    try (MockUpstream mock = new MockUpstream(1, 0, 1)) {
      LoadDriver kept = new LoadDriver(16, Executors.defaultThreadFactory());
      kept.run(mock.baseUrl() + "/v1/messages?events=1&gapMs=0", STREAM, true, 1, Duration.ZERO, Duration.ofSeconds(1));
      assertEquals(1, kept.pooledConnections(), "without ?close=1 the mock keeps the connection alive");
      kept.close();

      LoadDriver closed = new LoadDriver(16, Executors.defaultThreadFactory());
      LoadDriver.Result r = closed.run(mock.baseUrl() + "/v1/messages?events=1&gapMs=0&close=1", STREAM, true, 1,
          Duration.ZERO, Duration.ofSeconds(1));
      assertTrue(r.requests() > 0 && r.errors() == 0, r.requests() + " requests, " + r.errors() + " errors");
      assertEquals(0, closed.pooledConnections(), "?close=1 makes the mock close each answer's connection");
      closed.close();
    }
  }
}
