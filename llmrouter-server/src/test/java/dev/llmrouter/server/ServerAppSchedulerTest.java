package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.scheduler.RouterSettings;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAppSchedulerTest {
  @Test
  void schedulerSettingsReachTheRouter(@TempDir Path dir) {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "LISTEN_HOST", "127.0.0.1",
        "CONFIG_FILE", dir.resolve("config.json").toString(), "METRICS_WINDOW_SIZE", "20",
        "METRICS_FAILURE_THRESHOLD", "0.3", "CIRCUIT_RECOVERY_MINUTES", "7", "TRACE_AFFINITY_TTL_MINUTES", "45",
        "TRACE_AFFINITY_CAPACITY", "1234"));
    try (ServerApp app = ServerApp.start(s, null)) {
      RouterSettings r = app.router().settings();
      assertEquals(20, r.windowSize());
      assertEquals(10, r.minimumSamples());
      assertEquals(0.3, r.failureThreshold());
      assertEquals(Duration.ofMinutes(7), r.breakerOpen());
      assertEquals(Duration.ofMinutes(45), r.affinityTtl());
      assertEquals(1234, r.affinityCapacity());
      assertEquals(Duration.ofSeconds(60), r.timeouts().responseHeaders());
    }
  }
}
