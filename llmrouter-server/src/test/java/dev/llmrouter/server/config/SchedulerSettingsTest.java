package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerSettingsTest {
  @Test
  void defaultsAreTheOriginals() {
    Settings.Scheduler s = Settings.from(ConfigFactory.empty(), Map.of()).scheduler();
    assertEquals(new Settings.Scheduler(10, 0.5, Duration.ofMinutes(15), Duration.ofMinutes(30), 100_000), s);
  }

  @Test
  void environmentVariablesSetThem() {
    Settings.Scheduler s = Settings.from(ConfigFactory.empty(), Map.of("METRICS_WINDOW_SIZE", "20",
        "METRICS_FAILURE_THRESHOLD", "0.25", "CIRCUIT_RECOVERY_MINUTES", "5", "TRACE_AFFINITY_TTL_MINUTES", "60",
        "TRACE_AFFINITY_CAPACITY", "500")).scheduler();
    assertEquals(new Settings.Scheduler(20, 0.25, Duration.ofMinutes(5), Duration.ofMinutes(60), 500), s);
  }

  @Test
  void outOfRangeValuesAreRefusedWithTheirName() {
    for (Map.Entry<String, String> bad : Map.of("METRICS_FAILURE_THRESHOLD", "1.5", "METRICS_WINDOW_SIZE", "2",
        "TRACE_AFFINITY_CAPACITY", "0").entrySet()) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> Settings.from(ConfigFactory.empty(), Map.of(bad.getKey(), bad.getValue())));
      assertTrue(e.getMessage().contains(bad.getKey()) && e.getMessage().contains(bad.getValue()), e.getMessage());
    }
  }
}
