package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.server.sessions.SessionLimits;
import dev.llmrouter.server.tokens.CountTokensMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of count_tokens, the models list and Responses sessions. */
class ApiSettingsTest {
  @Test
  void defaultsAreLocalCountsFiveMinuteModelCacheAndTheOriginalSessionLimits() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of());
    assertEquals(CountTokensMode.LOCAL, s.countTokensMode());
    assertEquals(Duration.ofMinutes(5), s.modelsCacheTtl());
    assertEquals(Duration.ofSeconds(10), s.modelsFetchTimeout());
    assertEquals(SessionLimits.DEFAULT, s.sessionLimits());
  }

  @Test
  void environmentSetsTheModeAndLimits() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("COUNT_TOKENS_MODE", "Upstream",
        "RESPONSES_SESSION_MAX_ITEMS", "50", "RESPONSES_SESSION_MAX_COUNT", "7", "MODELS_CACHE_TTL_S", "60",
        "RESPONSES_SESSION_MAX_MB", "64"));
    assertEquals(CountTokensMode.UPSTREAM, s.countTokensMode());
    assertEquals(50, s.sessionLimits().maxItems());
    assertEquals(7, s.sessionLimits().maxConversations());
    assertEquals(64L * 1024 * 1024, s.sessionLimits().maxBytes());
    assertEquals(Duration.ofMinutes(1), s.modelsCacheTtl());
  }

  @Test
  void aBadCountTokensModeIsRefusedByName() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.empty(), Map.of("COUNT_TOKENS_MODE", "remote")));
    assertTrue(e.getMessage().contains("COUNT_TOKENS_MODE") && e.getMessage().contains("llmrouter.count-tokens-mode")
        && e.getMessage().contains("remote") && e.getMessage().contains("local or upstream"), e.getMessage());
    e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.empty(), Map.of("RESPONSES_SESSION_MAX_COUNT", "0")));
    assertTrue(e.getMessage().contains("RESPONSES_SESSION_MAX_COUNT"), e.getMessage());
  }
}
