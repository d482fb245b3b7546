package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversionSettingsTest {
  @Test
  void conversionsAreLenientUnlessStrictIsAskedFor() {
    assertFalse(Settings.from(ConfigFactory.empty(), Map.of()).conversionStrict());
    assertTrue(Settings.from(ConfigFactory.empty(), Map.of("CONVERSION_STRICT", "true")).conversionStrict());
    assertThrows(SettingsException.class, () -> Settings.from(ConfigFactory.empty(), Map.of("CONVERSION_STRICT", "maybe")));
  }
}
