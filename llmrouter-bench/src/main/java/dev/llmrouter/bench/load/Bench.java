package dev.llmrouter.bench.load;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

/** What the load and scale benchmarks share: finding the router jar, the JVM, threads, ports. */
final class Bench {
  private Bench() {}

  /**
   * How to start the router: {@code -Dbench.launcher=.../bin/llmrouter} (an unpacked
   * distribution's launcher, with the JVM options it gives the router's JVM), else its runnable jar
   * ({@link #routerJar()}) with the benchmark's {@code --router-jvm-arg} options only; with
   * {@code -Dbench.relay=lean}, the {@link LeanRelay} in its place.
   */
  static RouterCommand router() throws IOException {
    // -Dbench.relay=lean: the least HTTP/1.1 relay in Java in the router's place, from this jar.
    if ("lean".equals(System.getProperty("bench.relay"))) {
      try {
        return RouterCommand.ofClass(Path.of(LeanRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
            LeanRelay.class.getName());
      } catch (java.net.URISyntaxException e) {
        throw new IOException("cannot find the benchmarks' own jar", e);
      }
    }
    String launcher = System.getProperty("bench.launcher");
    return launcher != null ? RouterCommand.ofLauncher(Path.of(launcher)) : RouterCommand.ofJar(routerJar());
  }

  /** The server's runnable jar: {@code -Dbench.routerJar=...}, else the reactor's build output. */
  static Path routerJar() throws IOException {
    String prop = System.getProperty("bench.routerJar");
    if (prop != null) return Path.of(prop).toAbsolutePath();
    for (Path dir : new Path[] {Path.of("llmrouter-server/target"), Path.of("../llmrouter-server/target")}) {
      if (!Files.isDirectory(dir)) continue;
      try (var files = Files.list(dir)) {
        var jar = files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst();
        if (jar.isPresent()) return jar.get().toAbsolutePath();
      }
    }
    throw new IOException("router jar not found: build it with mvn -pl llmrouter-bench -am package, or pass -Dbench.routerJar");
  }

  /** The java binary that runs the router: {@code -Dbench.java=...}, else this JVM's. */
  static String java() {
    String prop = System.getProperty("bench.java");
    return prop != null ? prop : Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Virtual threads when this JVM has them, otherwise platform threads. */
  static ThreadFactory threads() {
    try {
      Method ofVirtual = Thread.class.getMethod("ofVirtual");
      Object builder = ofVirtual.invoke(null);
      Method factory = builder.getClass().getMethod("factory");
      factory.setAccessible(true);
      return (ThreadFactory) factory.invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
      };
    }
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) return "-";
    return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.3f", v);
  }

  /** True when the option {@code name} (one without a value) is on the command line. */
  static boolean flag(String[] args, String name) {
    return java.util.Arrays.asList(args).contains(name);
  }

  /** The value after {@code name} in the command line, or {@code fallback}. */
  static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) return args[i + 1];
    }
    return fallback;
  }

  /** The number after {@code name} in the command line, or {@code fallback}. */
  static int intArg(String[] args, String name, int fallback) {
    String v = stringArg(args, name, null);
    return v == null ? fallback : Integer.parseInt(v);
  }

  /** Each {@code --router-env NAME=VALUE}, in order: settings for the router's environment. */
  static java.util.Map<String, String> routerEnv(String[] args) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String kv : allArgs(args, "--router-env")) {
      int eq = kv.indexOf('=');
      if (eq < 1) throw new IllegalArgumentException("--router-env takes NAME=VALUE, got " + kv);
      env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return env;
  }

  /** Every value given after {@code name} (an option that may be repeated), in order. */
  static java.util.List<String> allArgs(String[] args, String name) {
    java.util.List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) values.add(args[i + 1]);
    }
    return values;
  }
}
