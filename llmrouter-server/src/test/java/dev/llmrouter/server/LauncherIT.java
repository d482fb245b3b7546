package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it: unpacks {@code llmrouter-<version>.tar.gz} (made by
 * {@code mvn package}), starts {@code bin/llmrouter}, checks {@code /health}, and stops it with
 * SIGTERM, which must reach the JVM (the launcher execs it) and stop the server cleanly.
 */
class LauncherIT {
  private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path dir;

  @Test
  void startsAnswersHealthAndStopsOnSigterm() throws Exception {
    Path home = unpack();
    List<String> jvm = run(home, Path.of(System.getProperty("java.home")), Map.of()).jvm();
    assertTrue(jvm.containsAll(List.of("-Xms96m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:SurvivorRatio=3",
        "-XX:+ExitOnOutOfMemoryError")), jvm.toString());
    // Huge pages are asked for only where the kernel hands them out on request.
    assertEquals(kernelGivesHugePagesOnRequest(), jvm.contains("-XX:+UseTransparentHugePages"), jvm.toString());
    // Compact object headers are a product option from Java 25 on; older JVMs refuse to start with it.
    assertEquals(Runtime.version().feature() >= 25, jvm.contains("-XX:+UseCompactObjectHeaders"), jvm.toString());
    // The C heap is trimmed where the JVM knows the option (17.0.9, 21.0.1, 22 and newer).
    assertEquals(knowsOption("TrimNativeHeapInterval"), jvm.contains("-XX:TrimNativeHeapInterval=1000"), jvm.toString());
    assertTrue(Files.isRegularFile(home.resolve("conf/.env.example")));
    assertTrue(Files.isRegularFile(home.resolve("conf/config.example.json")));
  }

  @Test
  void appendedOptionsComeAfterTheDefaultsWithoutReplacingThem() throws Exception {
    Path home = unpack();
    List<String> jvm = run(home, Path.of(System.getProperty("java.home")),
        Map.of("JAVA_OPTS_APPEND", "-Xss2m -Dllmrouter.launcher.test=appended")).jvm();
    assertTrue(jvm.containsAll(List.of("-Xms96m", "-Xmx320m", "-XX:+UseSerialGC")), jvm.toString());
    int appended = jvm.indexOf("-Xss2m");
    assertTrue(appended > jvm.indexOf("-XX:+ExitOnOutOfMemoryError"), jvm.toString());
    assertEquals(appended + 1, jvm.indexOf("-Dllmrouter.launcher.test=appended"), jvm.toString());
    assertEquals(appended + 2, jvm.indexOf("-jar"), jvm.toString());
  }

  @Test
  void newerJavaRunsWithAClassDataArchive() throws Exception {
    assumeTrue(Files.isExecutable(JAVA_25.resolve("bin/java")), "no Java 25 at " + JAVA_25 + " to try the archive");
    Path home = unpack();
    Run first = run(home, JAVA_25, Map.of());
    assertTrue(first.jvm().contains("-XX:+UseCompactObjectHeaders"), first.jvm().toString());
    assertTrue(first.jvm().contains("-XX:TrimNativeHeapInterval=1000"), first.jvm().toString());
    // Native code (SQLite) and Unsafe (Undertow's threads) are allowed: no start-up warnings.
    assertTrue(first.jvm().contains("--enable-native-access=ALL-UNNAMED"), first.jvm().toString());
    assertFalse(first.output().contains("WARNING"), first.output());
    assertTrue(Files.isRegularFile(home.resolve("cds/llmrouter-java25.jsa")), "no archive made at exit");
    run(home, JAVA_25, Map.of());
  }

  /** Tells whether the JVM running the tests (the one the launcher is given) knows a product option. */
  private static boolean knowsOption(String name) {
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean kernelGivesHugePagesOnRequest() throws IOException {
    Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    return Files.isReadable(mode) && Files.readString(mode).contains("[madvise]");
  }

  private Path unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("llmrouter.dist", "target/llmrouter.tar.gz"));
    assertTrue(Files.isRegularFile(tarball), "build the distribution first (mvn package): " + tarball);
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
    assertEquals(0, tar.waitFor());
    try (var entries = Files.list(dir)) {
      List<Path> dirs = entries.filter(p -> p.getFileName().toString().startsWith("llmrouter-")).toList();
      assertEquals(1, dirs.size(), dirs.toString());
      Path home = dirs.get(0);
      assertTrue(Files.isExecutable(home.resolve("bin/llmrouter")));
      assertTrue(Files.isRegularFile(home.resolve("lib/llmrouter.jar")));
      return home;
    }
  }

  /**
   * Starts the launcher in a fresh working directory, with {@code env} added to its environment,
   * waits for its start line, checks /health, sends SIGTERM; returns the arguments the JVM was
   * started with (the launcher execs it, so the process started is the JVM) and what it printed.
   */
  private Run run(Path home, Path javaHome, Map<String, String> env) throws Exception {
    Path work = Files.createTempDirectory(dir, "work");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/llmrouter").toString()).directory(work.toFile())
        .redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("LISTEN_HOST", "127.0.0.1");
    pb.environment().put("PROXY_ACCESS_KEY", "launcher-test-key-0123456789");
    pb.environment().put("LOG_TO_CONSOLE", "false");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().remove("JAVA_OPTS_APPEND");
    pb.environment().putAll(env);
    Process p = pb.start();
    StringBuilder output = new StringBuilder();
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.startsWith("llmrouter ") && line.contains(" on http://")) started.complete(true);
        }
      } catch (IOException e) {
        started.completeExceptionally(e);
      }
      started.complete(false);
    });
    reader.start();
    try {
      assertTrue(started.get(60, TimeUnit.SECONDS), () -> "did not start: " + output);
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL()
          .openConnection();
      assertEquals(200, c.getResponseCode());
      c.disconnect();
      List<String> jvmArguments = List.of(p.info().arguments().orElseThrow(() -> new AssertionError(
          "the JVM's arguments cannot be read on this system")));
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "did not stop on SIGTERM: " + output);
      // 143 = 128 + SIGTERM: the JVM itself received the signal (the shell exec'd it) and ran its hooks.
      assertEquals(143, p.exitValue(), () -> String.valueOf(output));
      reader.join(10_000);
      String log = Files.readString(work.resolve("logs/app.log"));
      assertTrue(log.contains("[Server-Shutdown] stopped"), log);
      synchronized (output) {
        return new Run(jvmArguments, output.toString());
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private record Run(List<String> jvm, String output) {}
}
