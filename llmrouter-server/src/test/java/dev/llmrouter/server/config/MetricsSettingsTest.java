package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {
  @Test
  void defaultsKeepSevenDaysBesideTheChannelFileBehindTheKey() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of());
    assertEquals(Path.of(".config/metrics.db"), s.metricsDbFile());
    assertTrue(s.metricsPersistenceEnabled());
    assertEquals(7, s.metricsRetentionDays());
    assertFalse(s.metricsPublic());
  }

  @Test
  void theHistoryFollowsTheChannelFileUnlessNamed() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("CONFIG_FILE", "/srv/llm/channels.json"));
    assertEquals(Path.of("/srv/llm/metrics.db"), s.metricsDbFile());
    s = Settings.from(ConfigFactory.empty(), Map.of("CONFIG_FILE", "/srv/llm/channels.json",
        "METRICS_DB_FILE", "/var/lib/llm/history.db", "METRICS_PERSISTENCE_ENABLED", "false",
        "METRICS_RETENTION_DAYS", "30", "METRICS_PUBLIC", "true"));
    assertEquals(Path.of("/var/lib/llm/history.db"), s.metricsDbFile());
    assertFalse(s.metricsPersistenceEnabled());
    assertEquals(30, s.metricsRetentionDays());
    assertTrue(s.metricsPublic());
    s = Settings.from(ConfigFactory.parseString("llmrouter.metrics-retention-days = 3"), Map.of());
    assertEquals(3, s.metricsRetentionDays());
  }

  @Test
  void badValuesAreRefusedAtStartUpWithTheSettingsName() {
    for (String days : new String[] {"2", "31", "seven", "0"}) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> Settings.from(ConfigFactory.empty(), Map.of("METRICS_RETENTION_DAYS", days)));
      assertTrue(e.getMessage().contains("METRICS_RETENTION_DAYS") && e.getMessage().contains("metrics-retention-days")
          && e.getMessage().contains("3 to 30") && e.getMessage().contains(days), e.getMessage());
    }
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.empty(), Map.of("METRICS_PERSISTENCE_ENABLED", "maybe")));
    assertTrue(e.getMessage().contains("METRICS_PERSISTENCE_ENABLED"), e.getMessage());
    e = assertThrows(SettingsException.class, () -> Settings.from(ConfigFactory.empty(), Map.of("METRICS_PUBLIC", "yes")));
    assertTrue(e.getMessage().contains("METRICS_PUBLIC"), e.getMessage());
  }
}
