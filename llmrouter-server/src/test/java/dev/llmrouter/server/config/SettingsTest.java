package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @Test
  void defaultsComeFromReferenceConf() {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of());
    assertEquals(3000, s.port());
    assertEquals(Duration.ofMinutes(5), s.requestTimeout());
    assertEquals(Duration.ofSeconds(60), s.responseHeaderTimeout());
    assertEquals(50L * 1024 * 1024, s.maxRequestBodyBytes());
    assertEquals("", s.accessKey());
    assertEquals(Path.of(".config/config.json"), s.configFile());
    assertEquals(0, s.maxConcurrentRequests(), "no limit unless one is set");
  }

  @Test
  void theConcurrencyLimitIsReadAndNeverNegative() {
    assertEquals(5000, Settings.from(ConfigFactory.empty(), Map.of("MAX_CONCURRENT_REQUESTS", "5000"))
        .maxConcurrentRequests());
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.empty(), Map.of("MAX_CONCURRENT_REQUESTS", "-1")));
    assertTrue(e.getMessage().contains("MAX_CONCURRENT_REQUESTS"), e.getMessage());
  }

  @Test
  void theClientSendBufferIsLeftToTheKernelUnlessSet() {
    assertEquals(0, Settings.from(ConfigFactory.empty(), Map.of()).clientSendBufferKb());
    assertEquals(64, Settings.from(ConfigFactory.empty(), Map.of("CLIENT_SEND_BUFFER_KB", "64")).clientSendBufferKb());
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.empty(), Map.of("CLIENT_SEND_BUFFER_KB", "-4")));
    assertTrue(e.getMessage().contains("CLIENT_SEND_BUFFER_KB"), e.getMessage());
  }

  @Test
  void environmentVariableOverridesTheFile() {
    var file = ConfigFactory.parseString("llmrouter { port = 4000, request-timeout-ms = 1000, log-level = debug }");
    Settings s = Settings.from(file, Map.of("PORT", "5000", "REQUEST_TIMEOUT", "30000"));
    assertEquals(5000, s.port());
    assertEquals(Duration.ofSeconds(30), s.requestTimeout());
    assertEquals("debug", s.logLevel());
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(ConfigFactory.empty(), Map.of("PORT", "abc")));
    assertTrue(e.getMessage().contains("llmrouter.port") && e.getMessage().contains("PORT") && e.getMessage().contains("abc"),
        e.getMessage());
    e = assertThrows(SettingsException.class, () -> Settings.from(ConfigFactory.empty(), Map.of("LOG_LEVEL", "verbose")));
    assertTrue(e.getMessage().contains("LOG_LEVEL"), e.getMessage());
    e = assertThrows(SettingsException.class, () -> Settings.from(ConfigFactory.empty(), Map.of("ENABLE_CORS", "maybe")));
    assertTrue(e.getMessage().contains("ENABLE_CORS"), e.getMessage());
    e = assertThrows(SettingsException.class, () -> Settings.from(ConfigFactory.empty(), Map.of("MAX_REQUEST_BODY_SIZE_MB", "0")));
    assertTrue(e.getMessage().contains("MAX_REQUEST_BODY_SIZE_MB"), e.getMessage());
    e = assertThrows(SettingsException.class,
        () -> Settings.from(ConfigFactory.parseString("llmrouter.port = 99999"), Map.of()));
    assertTrue(e.getMessage().contains("llmrouter.port"), e.getMessage());
  }

  @Test
  void dotEnvFillsInWhatTheEnvironmentLacks(@TempDir Path dir) throws IOException {
    Path env = dir.resolve(".env");
    Files.writeString(env, "# comment\nPORT=4100\nexport PROXY_ACCESS_KEY=\"from-file\"\nLOG_LEVEL=warn # inline\n");
    Map<String, String> merged = DotEnv.merge(Map.of("PORT", "4200"), DotEnv.read(env));
    Settings s = Settings.from(ConfigFactory.empty(), merged);
    assertEquals(4200, s.port());
    assertEquals("from-file", s.accessKey());
    assertEquals("warn", s.logLevel());
  }
}
