package dev.llmrouter.server;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A whole server ({@link ServerApp}) on loopback, from a channel file in a test's directory. */
final class TestServers {
  private TestServers() {}

  /** Writes {@code channels} as {@code dir/.config/config.json}. */
  static void writeChannelFile(Path dir, ChannelSnapshot channels) throws IOException {
    Path config = dir.resolve(".config/config.json");
    Files.createDirectories(config.getParent());
    Files.write(config, new ConfigCodec().write(channels));
  }

  /**
   * Starts a server on an ephemeral loopback port over {@code dir}'s channel file, with a grace of
   * one second, and {@code extra} settings on top.
   */
  static ServerApp start(Path dir, String accessKey, Clock clock, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "LISTEN_HOST", "127.0.0.1",
        "CONFIG_FILE", dir.resolve(".config/config.json").toString(), "PROXY_ACCESS_KEY", accessKey,
        "SHUTDOWN_GRACE_S", "1"));
    env.putAll(extra);
    return ServerApp.start(Settings.from(ConfigFactory.empty(), env), null, clock);
  }
}
