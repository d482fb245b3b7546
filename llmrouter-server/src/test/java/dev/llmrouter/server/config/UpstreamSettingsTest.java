package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamSettingsTest {
  @Test
  void defaultsKeepIdleConnections4sAndBoundEventsAndBodies() {
    Settings.Upstream u = Settings.from(ConfigFactory.empty(), Map.of()).upstream();
    assertEquals(Duration.ofSeconds(4), u.idleKeepAlive());
    assertEquals(16L << 20, u.maxSseEventBytes());
    assertEquals(64L << 20, u.maxResponseBodyBytes());
  }

  @Test
  void environmentVariablesSetThem() {
    Settings.Upstream u = Settings.from(ConfigFactory.empty(), Map.of("UPSTREAM_IDLE_KEEPALIVE_S", "30",
        "MAX_SSE_EVENT_MB", "2", "MAX_RESPONSE_BODY_MB", "8")).upstream();
    assertEquals(new Settings.Upstream(Duration.ofSeconds(30), 2L << 20, 8L << 20), u);
  }

  @Test
  void zeroIsRefusedWithTheVariablesName() {
    for (String name : new String[] {"UPSTREAM_IDLE_KEEPALIVE_S", "MAX_SSE_EVENT_MB", "MAX_RESPONSE_BODY_MB"}) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> Settings.from(ConfigFactory.empty(), Map.of(name, "0")));
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }
}
