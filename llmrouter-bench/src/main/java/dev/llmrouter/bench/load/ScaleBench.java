package dev.llmrouter.bench.load;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale test: N concurrent streamed requests held open through the router while the mock sends
 * one event a second. Reports errors, the router's RSS and threads and, with
 * {@code --heap-after-gc}, the heap after a full collection halfway through (which stops the
 * router for a few hundred milliseconds). {@code --body} sends the streams a request body of one's
 * own (a streamed Messages request, such as a real client's); {@code --timeline} adds, for each
 * second, the streams' first bytes and the events that arrived in it and how late they were. On a
 * JVM without virtual threads the router's pool is sized for the streams, unless
 * {@code --default-pool} keeps the default bounded pool (to see where it stops). The router's
 * collector pauses while the streams run are read from its {@code -Xlog:gc} output and reported
 * (with thousands of streams open they are the event delays). {@code --tls} has the mock answer
 * HTTPS, so that the router's upstream connections are TLS ones. {@code --nginx}
 * sends the same streams through nginx ({@link NginxProcess}, one worker, no buffering) instead of
 * the router: the floor for any proxy on the machine, as in the load benchmark. Run:
 * {@code java -jar llmrouter-bench-all.jar scale [--streams 5000] [--seconds 30] [--warmup 20]
 * [--warmup-concurrency 8] [--warmup-connections 10] [--warmup-burst 1000] [--settle-max 60] [--direct | --nginx | --tls]
 * [--default-pool] [--timeline] [--body FILE] [--heap-after-gc] [--router-jvm-arg ARG]...
 * [--router-env NAME=VALUE]...}, with
 * {@code -Dbench.java=/path/to/java} to choose the router's JVM.
 */
public final class ScaleBench {
  private ScaleBench() {}

  /** The router's collector log, in its working directory. */
  private static final String GC_LOG = "gc.log";

  /**
   * The router's JVM arguments: the user's, then a log of the collector's pauses in its working
   * directory, which the test reads back for the seconds the streams ran.
   */
  private static List<String> routerJvmArgs(String[] args) {
    List<String> jvm = new ArrayList<>(Bench.allArgs(args, "--router-jvm-arg"));
    jvm.add("-Xlog:gc:file=" + GC_LOG);
    return jvm;
  }

  /**
   * The router's environment: a pool sized for the streams on a JVM without virtual threads
   * (unless {@code --default-pool}), then each {@code --router-env NAME=VALUE}, such as a
   * {@code MAX_CONCURRENT_REQUESTS} to see what a bound refuses.
   */
  static Map<String, String> routerEnv(String[] args, int streams) {
    Map<String, String> env = new java.util.HashMap<>();
    if (!Bench.flag(args, "--default-pool")) env.put("WORKER_THREADS", Integer.toString(streams + 100));
    env.putAll(Bench.routerEnv(args));
    return env;
  }

  /**
   * Repeats a step (a burst of {@code burst} short streams opened and ended together, then 1 s of
   * short streams on kept-alive connections, 8 at a time) until the router's JIT compiler threads
   * used under 2 % of a core in a step, for at most {@code max}. The JVM holds a method at its
   * profiled tier while the optimizing compiler's queue is long, and looks again only when the
   * method has run another thousand times or so: after the warm-up's phases, with the compiler
   * still busy, the code every stream runs at its end (the attempt's settling, the metrics, the
   * access line, the connections' closes) stayed there, and was compiled while the 5,000 measured
   * streams ended, the compiler threads taking a third of the router's CPU in those seconds
   * (BENCHMARKS.md, "Issue 18: the 5,000 streams' ending and the compiler").
   *
   * @return what the report says: how long it took, or that the compiler was still busy
   */
  private static String settle(LoadDriver driver, RouterProcess router, String target, byte[] body, int burst,
      Duration max) throws Exception {
    long start = System.nanoTime();
    int steps = 0;
    while (System.nanoTime() - start < max.toNanos()) {
      ThreadStats before = ThreadStats.of(router.pid());
      long wall0 = System.nanoTime();
      if (burst > 0) driver.once(target + "/v1/messages?events=3&gapMs=100", body, true, burst, null);
      driver.warm(target + "/v1/messages?events=3&gapMs=0", body, true, 8, Duration.ofSeconds(1));
      steps++;
      if (ThreadStats.compilerQuietSince(router.pid(), before, System.nanoTime() - wall0)) {
        return String.format(Locale.ROOT, "; the compiler quiet after %d settling steps (%.0f s)", steps,
            (System.nanoTime() - start) / 1e9);
      }
    }
    return String.format(Locale.ROOT, "; the compiler still busy after %d settling steps (%.0f s)", steps,
        (System.nanoTime() - start) / 1e9);
  }

  public static void main(String[] args) throws Exception {
    int streams = Bench.intArg(args, "--streams", 5000);
    int seconds = Bench.intArg(args, "--seconds", 30);
    PrintStream out = System.out;
    String java = Bench.java();
    boolean direct = Bench.flag(args, "--direct");
    // --nginx: the same streams through nginx instead of the router, the floor for any proxy here. Its
    // worker holds two connections a stream, and the warm-up's kept-alive ones: when it runs short, it
    // closes idle kept-alive connections that the driver is about to use.
    boolean viaNginx = Bench.flag(args, "--nginx");
    Optional<Path> nginxBinary = viaNginx ? NginxProcess.binary() : Optional.empty();
    if (viaNginx && nginxBinary.isEmpty()) {
      throw new IllegalStateException("--nginx: nginx not found (install nginx-light, or pass -Dbench.nginx=PATH)");
    }
    // --tls: the mock answers HTTPS (a self-signed certificate the router's channel does not check),
    // so the router's upstream connections are TLS ones, as in front of a vendor.
    boolean tls = Bench.flag(args, "--tls");
    if (tls && (direct || viaNginx)) {
      throw new IllegalArgumentException("--tls measures the router's TLS upstream connections: not with --direct or --nginx");
    }
    try (MockUpstream mock = new MockUpstream(seconds, 1000, 2, tls ? SelfSignedTls.serverContext() : null);
        RouterProcess router = nginxBinary.isPresent() ? null
            : RouterProcess.start(java, Bench.router(), routerJvmArgs(args), "claude",
                mock.baseUrl(), Bench.freePort(), routerEnv(args, streams));
        NginxProcess nginx = nginxBinary.isEmpty() ? null
            : NginxProcess.start(nginxBinary.get(), List.of(), mock.baseUrl().substring("http://".length()),
                Bench.freePort(), 2 * streams + 1024)) {
      if (router != null) {
        out.printf(Locale.ROOT, "scale test: %d streams x %d events (1/s), router JVM %s, start-up %d ms%s%n", streams,
            seconds, java, router.startupMillis, tls ? ", upstream over TLS" : "");
        out.println(router.startedBy());
      } else {
        out.printf(Locale.ROOT, "scale test: %d streams x %d events (1/s) through nginx (%s)%n", streams, seconds,
            nginxBinary.get());
      }
      String target = direct ? mock.baseUrl() : router != null ? router.baseUrl() : nginx.baseUrl();
      LoadDriver driver = new LoadDriver(streams + 16, Bench.threads());
      // Short streams first (20 events, 1 ms apart), so that the router's stream path is compiled
      // before the long streams start: otherwise the first seconds measure the JIT, not the router.
      byte[] warm = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, ",\"stream\":true").getBytes(StandardCharsets.UTF_8);
      LoadDriver.Result kept = driver.warm(target + "/v1/messages?events=20&gapMs=1", warm, true,
          Bench.intArg(args, "--warmup-concurrency", 8), Duration.ofSeconds(Bench.intArg(args, "--warmup", 20)));
      // Then one-event streams each on new connections on both sides (the client's and the
      // upstream's): the measured streams each open two, and without this the code that accepts and
      // opens connections is compiled while they open, the compiler threads taking a core from the
      // router and the collector's pauses.
      LoadDriver.Result fresh = driver.warmNewConnections(target + "/v1/messages?events=1&gapMs=0&close=1", warm,
          true, 8, Duration.ofSeconds(Bench.intArg(args, "--warmup-connections", 10)));
      // Then a burst: this many short streams (3 events, 300 ms apart) opened at once and ended
      // together, more than the router keeps idle upstream connections for. The code that only a
      // burst runs (thousands of connections opened and closed within a second, the idle
      // connections beyond the pool's cap closed) is compiled here, as in a server that has seen a
      // burst before, instead of while the measured streams open and end: there the compiler
      // threads took a quarter of the router's CPU on a machine already saturated, and compiled
      // code that met its first untaken branch was deoptimized (BENCHMARKS.md, "Issue 18: the
      // 5,000 streams' opening and ending").
      int burst = Bench.intArg(args, "--warmup-burst", Math.min(1000, streams / 5));
      if (burst > 0) driver.once(target + "/v1/messages?events=3&gapMs=300", warm, true, burst, null);
      // Then, for the router, bursts and kept-alive streams until its compiler is quiet (see settle).
      String settled = router == null || direct ? "" : settle(driver, router, target, warm, burst,
          Duration.ofSeconds(Bench.intArg(args, "--settle-max", 60)));
      out.printf(Locale.ROOT, "warm-up: %d streams on kept-alive connections (%d errors), %d on new connections (%d"
          + " errors), a burst of %d%s%n", kept.requests(), kept.errors(), fresh.requests(), fresh.errors(), burst, settled);
      AtomicLong peakRss = new AtomicLong();
      AtomicLong peakThreads = new AtomicLong();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(() -> {
        try {
          peakRss.accumulateAndGet(router != null ? router.status("VmRSS") : nginx.status("VmRSS"), Math::max);
          if (router != null) peakThreads.accumulateAndGet(router.status("Threads"), Math::max);
        } catch (java.io.IOException ignored) {
          // the process ended
        }
      }, 0, 500, TimeUnit.MILLISECONDS);
      String bodyFile = Bench.stringArg(args, "--body", null);
      byte[] body = bodyFile != null ? Files.readAllBytes(Path.of(bodyFile))
          : String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, ",\"stream\":true").getBytes(StandardCharsets.UTF_8);
      AtomicLong heapMidway = new AtomicLong(-1);
      // Asked for only: the full collection it takes (200 to 270 ms with 5,000 streams open) stops
      // the router in the middle of what the test measures, and shows in the event delay.
      boolean heap = router != null && Bench.flag(args, "--heap-after-gc");
      if (heap) sampler.schedule(() -> heapMidway.set(router.heapAfterGcMiB(java)), seconds / 2, TimeUnit.SECONDS);
      // --direct: the same streams straight to the mock, to tell the driver's and the mock's share.
      Timeline timeline = Bench.flag(args, "--timeline") ? new Timeline(seconds + 60) : null;
      double from = router == null ? 0 : (System.nanoTime() - router.startedNanos) / 1e9;
      LoadDriver.Result r = driver.once(target + "/v1/messages", body, true, streams, timeline);
      double to = router == null ? 0 : (System.nanoTime() - router.startedNanos) / 1e9;
      if (direct) out.println("(direct to the mock: the proxy's figures below are idle)");
      sampler.shutdown();
      sampler.awaitTermination(60, TimeUnit.SECONDS);
      out.printf(Locale.ROOT, "completed %d, errors %d, wall %.1f s%n", r.requests(), r.errors(), r.seconds());
      if (router != null) {
        out.printf(Locale.ROOT, "router peak RSS %d MiB (sampled every 0.5 s; VmHWM %d MiB), heap after GC (mid-test,"
            + " streams open) %s, peak threads %d%n", peakRss.get() / 1024, router.status("VmHWM") / 1024,
            heap ? heapMidway.get() + " MiB" : "not measured (--heap-after-gc)", peakThreads.get());
        out.printf(Locale.ROOT, "router GC pauses while the streams ran: %s%n", GcPauses.of(router.file(GC_LOG), from, to));
      } else {
        out.printf(Locale.ROOT, "nginx peak RSS %d MiB (master and worker, sampled every 0.5 s; the worker's VmHWM %d MiB)%n",
            peakRss.get() / 1024, nginx.workerPeakRssKiB() / 1024);
      }
      out.printf(Locale.ROOT, "ttfb p50 %s ms p99 %s ms; event delay p99 %s ms%n", Bench.fmt(r.ttfb().percentileMillis(50)),
          Bench.fmt(r.ttfb().percentileMillis(99)), Bench.fmt(r.eventDelay().percentileMillis(99)));
      if (timeline != null) timeline.print(out);
      driver.close();
    }
  }
}
