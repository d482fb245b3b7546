package dev.llmrouter.bench.load;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router under test, run as its own process from the server's runnable jar, so that its
 * memory and CPU time can be read from /proc without the driver's. It runs in a temporary
 * directory (its channel file, metrics history and logs), deleted by {@link #close()} (see
 * {@link TempDirs}).
 */
final class RouterProcess implements AutoCloseable {
  static final String KEY = "bench-access-key";

  private final Process process;
  private final int port;
  private final Path dir;

  private final RouterCommand command;

  private RouterProcess(Process process, int port, Path dir, RouterCommand command) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.command = command;
  }

  /**
   * Starts a router whose only Messages channel is {@code serviceType} at {@code upstream}, and
   * waits until {@code /health} answers.
   */
  static RouterProcess start(String java, RouterCommand router, List<String> jvmArgs, String serviceType, String upstream,
      int port) throws IOException, InterruptedException {
    return start(java, router, jvmArgs, serviceType, upstream, port, Map.of());
  }

  /** As above, with extra environment variables for the router (such as WORKER_THREADS). */
  static RouterProcess start(String java, RouterCommand router, List<String> jvmArgs, String serviceType, String upstream,
      int port, Map<String, String> env) throws IOException, InterruptedException {
    return start(List.of(), java, router, jvmArgs, serviceType, upstream, port, env);
  }

  /**
   * As above, with {@code prefix} before the java command (such as {@code taskset -c 0}, which
   * execs the JVM, so the process keeps its id).
   */
  static RouterProcess start(List<String> prefix, String java, RouterCommand router, List<String> jvmArgs, String serviceType,
      String upstream, int port, Map<String, String> env) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("llmrouter-bench");
    // The documented layout: the channel file (and the metrics history beside it) in .config/ of
    // the working directory, the console log elsewhere. The server watches the channel file's
    // directory, so a console log written there would wake its watcher at every line.
    Path config = Files.createDirectories(dir.resolve(".config")).resolve("config.json");
    Files.writeString(config, "{\"upstream\":[{\"id\":\"ch-bench\",\"name\":\"bench\",\"serviceType\":\"" + serviceType
        + "\",\"baseUrl\":\"" + upstream + "\",\"apiKeys\":[\"sk-bench-upstream-key\"],\"status\":\"active\""
        // An HTTPS mock has a self-signed certificate (SelfSignedTls).
        + (upstream.startsWith("https:") ? ",\"insecureSkipVerify\":true" : "") + "}],"
        + "\"responsesUpstream\":[],\"geminiUpstream\":[]}\n");
    ProcessBuilder pb = new ProcessBuilder(router.command(prefix, java, jvmArgs)).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("router.log").toFile());
    router.environment(pb.environment(), java, jvmArgs);
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("LISTEN_HOST", "127.0.0.1");
    pb.environment().put("PROXY_ACCESS_KEY", KEY);
    pb.environment().put("CONFIG_FILE", config.toString());
    pb.environment().putAll(env);
    long started = System.nanoTime();
    Process p = pb.start();
    RouterProcess rp = new RouterProcess(p, port, dir, router);
    rp.startedNanos = started;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String log = Files.readString(dir.resolve("router.log"));
        TempDirs.release(dir);
        throw new IOException("router exited: " + log);
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
        c.setConnectTimeout(200);
        if (c.getResponseCode() == 200) {
          rp.startupMillis = (System.nanoTime() - started) / 1_000_000;
          return rp;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.onSpinWait();
    }
    String log = Files.readString(dir.resolve("router.log"));
    rp.close();
    throw new IOException("router did not start within " + START_TIMEOUT_S + " s: " + log);
  }

  /** How long a router may take to answer /health (a machine shared with other builds can be slow). */
  private static final long START_TIMEOUT_S = 120;
  /** A generation's or the heap's use in {@code jcmd GC.heap_info}, in KiB or MiB. */
  private static final Pattern USED = Pattern.compile("used (\\d+)([KM])");

  long startupMillis;
  /** {@link System#nanoTime()} when the process was started. */
  long startedNanos;

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * The options its JVM was started with (what comes before {@code -jar} on its command line,
   * read from /proc after the launcher's exec), for the report: with the launcher, the ones it
   * chose.
   */
  private String jvmOptions() {
    List<String> args = process.info().arguments().map(List::of).orElse(List.of());
    int jar = args.indexOf("-jar");
    return String.join(" ", jar < 0 ? args : args.subList(0, jar));
  }

  /** For the report: how the router was started and the options its JVM ran with. */
  String startedBy() {
    return "router started by: " + command.describe() + "; JVM options: " + jvmOptions();
  }

  /** A file in the router's working directory (its temporary directory), such as a log it was told to write there. */
  Path file(String name) {
    return dir.resolve(name);
  }

  /** CPU time (user + system) of the process so far, in milliseconds. */
  long cpuMillis() throws IOException {
    return ProcFiles.cpuMillis(ProcFiles.of(pid()));
  }

  /** A field of /proc/PID/status in kB (VmRSS, VmHWM) or a count (Threads). */
  long status(String field) throws IOException {
    return ProcFiles.status(ProcFiles.of(pid()), field);
  }

  /** Heap used after a full GC, in MiB, read with jcmd (or -1 when jcmd is missing). */
  long heapAfterGcMiB(String java) {
    try {
      Path jcmd = Path.of(java).resolveSibling("jcmd");
      if (!Files.isExecutable(jcmd)) return -1;
      new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true).start()
          .waitFor(30, TimeUnit.SECONDS);
      Process info = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      info.waitFor(30, TimeUnit.SECONDS);
      // Every generation's or the heap's "used", not Metaspace's (Serial and Parallel print one line
      // per generation, G1 and ZGC one for the heap).
      long kib = -1;
      for (String line : out.split("\n")) {
        if (line.contains("Metaspace") || line.contains("class space")) continue;
        Matcher m = USED.matcher(line);
        if (m.find()) kib = Math.max(kib, 0) + Long.parseLong(m.group(1)) * (m.group(2).equals("M") ? 1024 : 1);
      }
      return kib < 0 ? -1 : kib / 1024;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    TempDirs.release(dir);
  }
}
