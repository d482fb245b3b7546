package dev.llmrouter.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.history.HistoryStore;
import dev.llmrouter.server.history.LatencyBuckets;
import dev.llmrouter.server.history.RequestAttempt;
import dev.llmrouter.server.history.RequestQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's metrics path has one queue and one thread from an outcome to SQLite: outcomes given
 * on several request threads reach the history store in batches, all on the recorder's thread, the
 * store never starts a thread of its own, and closing the service writes every pending outcome.
 */
class MetricsServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private static final int THREADS = 4;
  private static final int EACH = 2_500;

  @TempDir Path dir;

  @Test
  void oneThreadWritesTheHistoryAndCloseWritesWhatIsPending() throws Exception {
    Path file = dir.resolve("metrics.db");
    Settings settings = Settings.from(ConfigFactory.empty(), Map.of("METRICS_DB_FILE", file.toString()));
    Observed[] observed = new Observed[1];
    MetricsService service = MetricsService.start(settings, Clock.fixed(NOW, ZoneOffset.UTC),
        h -> observed[0] = new Observed(h));
    List<Thread> requests = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String channel = "ch" + t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < EACH; i++) service.listener().onOutcome(outcome(channel));
      }, "request-" + t);
      requests.add(thread);
      thread.start();
    }
    for (Thread t : requests) t.join();
    // No waiting for the recorder: closing the service writes what is still queued.
    service.close();

    assertEquals(0, service.recorder().dropped());
    assertEquals(THREADS * EACH, service.recorder().recorded());
    assertEquals(THREADS * EACH, observed[0].batched.get());
    assertEquals(THREADS * EACH, rows(file));
    assertEquals(Set.of("llmrouter-metrics"), observed[0].writers.keySet(), "threads that wrote: "
        + observed[0].writers.keySet());
    assertFalse(observed[0].started, "the history store started a writer thread of its own");
    assertEquals(0, observed[0].singleOutcomes.get(), "outcomes reached the store one by one, not in batches");
    assertTrue(observed[0].ticks.get() > 0, "the store's time-based work never ran");
  }

  private static AttemptOutcome outcome(String channel) {
    return new AttemptOutcome(ApiKind.MESSAGES, channel, "name-" + channel, "https://up.example", "fp1", "sk-a…xyz1",
        "claude-sonnet-4-5", 200, AttemptOutcome.Result.SUCCESS, 40_000_000L, 250_000_000L, Usage.of(5, 5), true, NOW,
        null);
  }

  private static long rows(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM attempt_outcomes")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The real history store, seen from outside: which threads hand it batches, and how it is fed. */
  private static final class Observed implements HistoryStore {
    final HistoryStore store;
    final Map<String, Boolean> writers = new ConcurrentHashMap<>();
    final AtomicInteger batched = new AtomicInteger();
    final AtomicInteger singleOutcomes = new AtomicInteger();
    final AtomicInteger ticks = new AtomicInteger();
    volatile boolean started;

    Observed(HistoryStore store) {
      this.store = store;
    }

    @Override
    public void onBatch(List<AttemptOutcome> batch) {
      writers.put(Thread.currentThread().getName(), true);
      batched.addAndGet(batch.size());
      store.onBatch(batch);
    }

    @Override
    public void tick() {
      ticks.incrementAndGet();
      store.tick();
    }

    @Override
    public void onOutcome(AttemptOutcome outcome) {
      singleOutcomes.incrementAndGet();
      store.onOutcome(outcome);
    }

    @Override
    public void start() {
      started = true;
      store.start();
    }

    @Override
    public int restoreInto(MetricsStore metrics) {
      return store.restoreInto(metrics);
    }

    @Override
    public boolean persisting() {
      return store.persisting();
    }

    @Override
    public boolean flush(Duration timeout) {
      return store.flush(timeout);
    }

    @Override
    public int cleanup(Duration timeout) {
      return store.cleanup(timeout);
    }

    @Override
    public int deleteChannel(ApiKind kind, String channelId, Duration timeout) {
      return store.deleteChannel(kind, channelId, timeout);
    }

    @Override
    public List<RequestAttempt> recentAttempts(RequestQuery query, Duration timeout) {
      return store.recentAttempts(query, timeout);
    }

    @Override
    public List<RequestAttempt> requestAttempts(ApiKind kind, String requestId, Duration timeout) {
      return store.requestAttempts(kind, requestId, timeout);
    }

    @Override
    public LatencyBuckets latency(ApiKind kind, String channelId, long startMs, long intervalMs, int count,
        Duration timeout) {
      return store.latency(kind, channelId, startMs, intervalMs, count, timeout);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
