package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
  @Test
  void noRedisByDefault() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of());
    assertEquals(new Settings.Redis("", "llmrouter:", Duration.ofMillis(250)), s.redis());
    assertFalse(s.redis().enabled());
  }

  @Test
  void environmentVariablesSetIt() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("REDIS_URL", "rediss://user:secret@cache:6380/2",
        "REDIS_KEY_PREFIX", "team-a:", "REDIS_TIMEOUT_MS", "100"));
    assertEquals(new Settings.Redis("rediss://user:secret@cache:6380/2", "team-a:", Duration.ofMillis(100)), s.redis());
    assertTrue(s.redis().enabled());
    assertFalse(s.toString().contains("secret"), s.toString());
  }

  @Test
  void aUrlOfAnotherSchemeIsRefusedWithoutShowingItsPassword() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.empty(), Map.of("REDIS_URL", "http://user:secret@cache:6379")));
    assertTrue(e.getMessage().contains("REDIS_URL"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
