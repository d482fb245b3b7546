package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two ways a benchmark starts the router: a runnable jar with its options, or the distribution's launcher. */
class RouterCommandTest {
  @TempDir Path dir;

  @Test
  void aJarRunsWithTheBenchmarksOptionsOnly() {
    RouterCommand jar = RouterCommand.ofJar(Path.of("/opt/r/llmrouter-all.jar"));
    assertEquals(List.of("taskset", "-c", "0", "/jdk/bin/java", "-Xlog:gc", "-jar", "/opt/r/llmrouter-all.jar"),
        jar.command(List.of("taskset", "-c", "0"), "/jdk/bin/java", List.of("-Xlog:gc")));
    Map<String, String> env = new HashMap<>(Map.of("JAVA_OPTS", "-Xmx1g"));
    jar.environment(env, "/jdk/bin/java", List.of("-Xlog:gc"));
    assertEquals(Map.of("JAVA_OPTS", "-Xmx1g"), env);
  }

  @Test
  void aClassInTheRoutersPlaceRunsFromItsJarWithTheBenchmarksOptionsOnly() {
    RouterCommand relay = RouterCommand.ofClass(Path.of("/opt/b/bench-all.jar"), "dev.llmrouter.bench.load.LeanRelay");
    assertEquals(List.of("/jdk/bin/java", "-Xlog:gc", "-cp", "/opt/b/bench-all.jar", "dev.llmrouter.bench.load.LeanRelay"),
        relay.command(List.of(), "/jdk/bin/java", List.of("-Xlog:gc")));
    Map<String, String> env = new HashMap<>(Map.of("JAVA_OPTS", "-Xmx1g"));
    relay.environment(env, "/jdk/bin/java", List.of("-Xlog:gc"));
    assertEquals(Map.of("JAVA_OPTS", "-Xmx1g"), env);
    assertEquals("java -cp /opt/b/bench-all.jar dev.llmrouter.bench.load.LeanRelay", relay.describe());
  }

  @Test
  void theLauncherIsGivenTheJvmAndAppendsTheBenchmarksOptionsToItsOwn() throws Exception {
    // A stand-in for bin/llmrouter that writes down what it was given.
    Path seen = dir.resolve("seen.txt");
    Path launcher = dir.resolve("llmrouter");
    Files.writeString(launcher, "#!/bin/sh\nprintf '%s|%s|%s|%s' \"$JAVA_HOME\" \"${JAVA_OPTS-unset}\" \"${JAVA_OPTS_APPEND-unset}\" \"$*\" > "
        + seen + "\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    RouterCommand command = RouterCommand.ofLauncher(launcher);
    List<String> jvm = List.of("-Xlog:gc:file=gc.log", "-XX:+UnlockDiagnosticVMOptions");
    List<String> cmd = command.command(List.of(), "/usr/lib/jvm/jdk-25/bin/java", jvm);
    assertEquals(List.of(launcher.toAbsolutePath().toString()), cmd);

    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    command.environment(pb.environment(), "/usr/lib/jvm/jdk-25/bin/java", jvm);
    Process p = pb.start();
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue());
    // JAVA_OPTS would replace the launcher's defaults: it is removed, and the options are appended.
    assertEquals("/usr/lib/jvm/jdk-25|unset|-Xlog:gc:file=gc.log -XX:+UnlockDiagnosticVMOptions|",
        Files.readString(seen, StandardCharsets.UTF_8));
  }

  @Test
  void withoutOptionsNothingIsAppended() {
    Map<String, String> env = new HashMap<>(Map.of("JAVA_OPTS_APPEND", "-Xss8m"));
    RouterCommand.ofLauncher(Path.of("/bin/sh")).environment(env, "/jdk/bin/java", List.of());
    assertEquals(Map.of("JAVA_HOME", "/jdk"), env);
  }

  @Test
  void anOptionWithASpaceIsRefusedRatherThanSplit() {
    RouterCommand launcher = RouterCommand.ofLauncher(Path.of("/bin/sh"));
    assertThrows(IllegalArgumentException.class,
        () -> launcher.environment(new HashMap<>(), "/jdk/bin/java", List.of("-Dname=two words")));
    assertThrows(IllegalArgumentException.class, () -> RouterCommand.ofLauncher(dir.resolve("missing")));
    assertFalse(RouterCommand.ofJar(Path.of("r.jar")).describe().contains("launcher"));
  }
}
