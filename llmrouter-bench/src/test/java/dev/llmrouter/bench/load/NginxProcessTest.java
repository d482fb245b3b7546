package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx floor's configuration: room for the connections asked for, and accepted by nginx itself. */
class NginxProcessTest {
  @TempDir Path dir;

  @Test
  void theLoadBenchmarksConfigurationKeepsItsConnectionLimit() {
    String conf = NginxProcess.config(dir, 8080, "127.0.0.1:9090");
    assertTrue(conf.contains("events { worker_connections 4096; }"), conf);
    assertTrue(conf.contains("worker_rlimit_nofile 4160;"), conf);
  }

  @Test
  void theScaleTestsConfigurationHasRoomForItsStreams() {
    // 5,000 streams hold two connections each, plus the warm-up's kept-alive ones.
    String conf = NginxProcess.config(dir, 8080, "127.0.0.1:9090", 11_024);
    assertTrue(conf.contains("events { worker_connections 11024; }"), conf);
    assertTrue(conf.contains("worker_rlimit_nofile 11088;"), conf);
    assertTrue(conf.contains("server 127.0.0.1:9090;"), conf);
    assertTrue(conf.contains("listen 127.0.0.1:8080 backlog=4096;"), conf);
  }

  @Test
  void nginxAcceptsTheScaleTestsConfiguration() throws Exception {
    Optional<Path> nginx = NginxProcess.binary();
    Assumptions.assumeTrue(nginx.isPresent(), "nginx is not installed (apt-get install nginx-light)");
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, NginxProcess.config(dir, 8080, "127.0.0.1:9090", 11_024));
    Process p = new ProcessBuilder(List.of(nginx.get().toString(), "-t", "-c", conf.toString(), "-p", dir.toString(),
        "-e", dir.resolve("error.log").toString())).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "nginx -t did not finish");
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("test is successful"), output);
  }
}
