package dev.llmrouter.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a benchmark starts the router: through a distribution's launcher ({@code bin/llmrouter},
 * the documented way, with the JVM options it picks for the JVM it finds), or as
 * {@code java [options] -jar} on a runnable jar (the options the benchmark is given, and only
 * those), or, in its place, as {@code java [options] -cp JAR CLASS} on a class of a jar (the
 * benchmarks' {@link LeanRelay}).
 */
record RouterCommand(Path launcher, Path jar, String mainClass) {
  static RouterCommand ofLauncher(Path launcher) {
    if (!Files.isExecutable(launcher)) throw new IllegalArgumentException("not an executable launcher: " + launcher);
    return new RouterCommand(launcher.toAbsolutePath(), null, null);
  }

  static RouterCommand ofJar(Path jar) {
    return new RouterCommand(null, jar.toAbsolutePath(), null);
  }

  static RouterCommand ofClass(Path jar, String mainClass) {
    return new RouterCommand(null, jar.toAbsolutePath(), mainClass);
  }

  /**
   * The command line, after {@code prefix} (such as {@code taskset -c 0}: it execs what follows,
   * as the launcher execs the JVM, so the process keeps one id from start to end).
   */
  List<String> command(List<String> prefix, String java, List<String> jvmArgs) {
    List<String> cmd = new ArrayList<>(prefix);
    if (launcher != null) {
      cmd.add(launcher.toString());
      return cmd;
    }
    cmd.add(java);
    cmd.addAll(jvmArgs);
    if (mainClass != null) {
      cmd.add("-cp");
      cmd.add(jar.toString());
      cmd.add(mainClass);
      return cmd;
    }
    cmd.add("-jar");
    cmd.add(jar.toString());
    return cmd;
  }

  /**
   * Sets the environment the command needs: for the launcher, the JVM to use ({@code JAVA_HOME}
   * of {@code java}), no {@code JAVA_OPTS} (which would replace its defaults), and {@code jvmArgs}
   * as {@code JAVA_OPTS_APPEND}, after its own options.
   */
  void environment(Map<String, String> env, String java, List<String> jvmArgs) {
    if (launcher == null) return;
    Path bin = Path.of(java).toAbsolutePath().getParent();
    if (bin == null || bin.getParent() == null) throw new IllegalArgumentException("no Java home above " + java);
    env.put("JAVA_HOME", bin.getParent().toString());
    env.remove("JAVA_OPTS");
    for (String arg : jvmArgs) {
      if (arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a launcher's JVM option cannot hold spaces: '" + arg + "'");
      }
    }
    if (jvmArgs.isEmpty()) env.remove("JAVA_OPTS_APPEND");
    else env.put("JAVA_OPTS_APPEND", String.join(" ", jvmArgs));
  }

  /** For the report: what was started. */
  String describe() {
    if (launcher != null) return "launcher " + launcher;
    return mainClass != null ? "java -cp " + jar + " " + mainClass : "java -jar " + jar;
  }
}
