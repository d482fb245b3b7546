package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.server.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code REDIS_URL} nothing changes: a server started (in a JVM of its own, logging every
 * class it loads) and used never loads a class of the Redis link, of Lettuce or of Netty.
 */
class WithoutRedisTest {

  /** Starts a server without Redis, serves one health call, and stops. Run in a separate JVM. */
  public static void main(String[] args) throws Exception {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "LISTEN_HOST", "127.0.0.1",
        "CONFIG_FILE", args[0], "PROXY_ACCESS_KEY", "no-redis-access-key-0123", "METRICS_PERSISTENCE_ENABLED", "false"));
    try (ServerApp app = ServerApp.start(s, null)) {
      okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
      try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder()
          .url("http://127.0.0.1:" + app.port() + "/health").build()).execute()) {
        if (r.code() != 200 || r.body().string().contains("sharedState")) throw new IllegalStateException("health");
      }
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  void noRedisClassIsLoadedWithoutRedisUrl(@TempDir Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("classes.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
        WithoutRedisTest.class.getName(), dir.resolve("config.json").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the server JVM did not end");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out.txt")));
    List<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.llmrouter.server.ServerApp ")),
        "the class load log misses the server itself");
    List<String> redis = loaded.stream().filter(l -> l.contains("dev.llmrouter.redis.")
        || l.contains("dev.llmrouter.server.shared.") || l.contains("io.lettuce.") || l.contains("io.netty.")
        || l.contains("reactor.core.")).toList();
    assertEquals(List.of(), redis);
  }
}
