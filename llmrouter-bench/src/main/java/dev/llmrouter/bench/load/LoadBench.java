package dev.llmrouter.bench.load;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The load benchmark: for each scenario and concurrency, the same closed-loop load goes directly to
 * the mock upstream and then through a router process in front of it; the table shows both and
 * the difference. Each router process first gets {@code --jit-warmup} seconds of traffic (40 by
 * default) so that its code is compiled before anything is measured; streams get it with their
 * events back to back (the mock's gap set to 0 meanwhile), so that the code run once per stream is
 * called often enough to be compiled too. Run:
 * {@code java -jar llmrouter-bench-all.jar load [--quick] [--jit-warmup 40] [--only TEXT] [--levels 1,16]
 * [--measure 8] [--settle-max 60] [--pin [PROXY_CPU,BENCH_CPU]] [--no-nginx] [--threads] [--events 20] [--gap-ms 1] [--router-jvm-arg ARG]... [--router-env NAME=VALUE]... [--trace-user ID]}: {@code --only} keeps
 * the scenarios whose name contains TEXT (only the one named, when TEXT is a whole name), {@code --levels} sets the concurrency levels, {@code --measure} the
 * seconds measured per level, {@code --settle-max} the most seconds a level's warm-up is prolonged until
 * the router's JIT compiler is quiet (0 turns that off; see {@link #settle}), {@code --events} and
 * {@code --gap-ms} the measured streams' events and the milliseconds between them, each {@code --router-jvm-arg} is passed to the router's JVM (for example
 * {@code -XX:StartFlightRecording=filename=router.jfr} to profile it), each {@code --router-env} is
 * set in the router's environment (for example {@code REDIS_URL=redis://127.0.0.1:6379} to measure
 * shared state), and {@code --trace-user} puts {@code metadata.user_id} in every routed request, so
 * that each one reads and renews a trace binding. nginx ({@link NginxProcess}) is a third target for
 * the passthrough scenarios, the floor for any proxy on the machine, unless {@code --no-nginx} is
 * given or nginx is not installed (the benchmark says so and goes on without it). {@code --pin} (or
 * {@code --pin PROXY_CPU,BENCH_CPU}, {@code 0,1} by default) pins the router and nginx to one core
 * with taskset and this process (mock upstream and load driver) to the other. Each level prints the
 * router's context switches per request (all its threads, from /proc), and {@code --threads} one line per
 * thread group with its CPU time and context switches per request.
 */
public final class LoadBench {
  private LoadBench() {}

  static final String CLAUDE_REQUEST = "{\"model\":\"bench-model\",\"max_tokens\":1024,\"system\":\"" + "You are a helpful assistant. ".repeat(20)
      + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "Please summarise the following text. ".repeat(30) + "\"}]%s}";
  static final String CHAT_REQUEST = "{\"model\":\"bench-model\",\"max_tokens\":1024,\"messages\":[{\"role\":\"system\",\"content\":\""
      + "You are a helpful assistant. ".repeat(20) + "\"},{\"role\":\"user\",\"content\":\"" + "Please summarise the following text. ".repeat(30)
      + "\"}]%s}";

  /**
   * A Messages request with its {@code stream} set as a scenario asks (replaced where the request
   * has one), and the trace user's {@code metadata.user_id} when one is given; every other member
   * is written back as it was, numbers digit for digit.
   *
   * @param request a JSON object
   * @param stream whether the request asks for a stream
   * @param traceUser the user id to route by, or null to leave the metadata as it is
   * @return the request's bytes
   * @throws IllegalArgumentException when the request is not a JSON object
   */
  static byte[] withStream(byte[] request, boolean stream, String traceUser) {
    JsonObject o;
    try {
      o = Json.parseObject(request);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--body: not a JSON object: " + e.getMessage(), e);
    }
    o.put("stream", stream);
    if (traceUser != null) {
      JsonObject metadata = o.getObject("metadata");
      if (metadata == null) {
        metadata = new JsonObject();
        o.put("metadata", metadata);
      }
      metadata.put("user_id", traceUser);
    }
    return Json.write(o);
  }

  record Scenario(String name, String serviceType, String directPath, String directBody, boolean stream) {}

  public static void main(String[] args) throws Exception {
    boolean quick = Bench.flag(args, "--quick");
    int[] levels = quick ? new int[] {1, 16} : new int[] {1, 16, 64, 256};
    String levelArg = Bench.stringArg(args, "--levels", null);
    if (levelArg != null) levels = java.util.Arrays.stream(levelArg.split(",")).mapToInt(Integer::parseInt).toArray();
    String only = Bench.stringArg(args, "--only", "");
    List<String> routerJvmArgs = Bench.allArgs(args, "--router-jvm-arg");
    java.util.Map<String, String> routerEnv = Bench.routerEnv(args);
    String traceUser = Bench.stringArg(args, "--trace-user", null);
    String traceField = traceUser == null ? "" : ",\"metadata\":{\"user_id\":\"" + traceUser + "\"}";
    // --body FILE: a Messages request (a recorded client's, say) that the passthrough scenarios send
    // instead of the built-in one; each scenario sets its "stream". The converted scenarios keep
    // theirs: their direct target speaks Chat Completions.
    String bodyFile = Bench.stringArg(args, "--body", null);
    byte[] customBody = bodyFile == null ? null : Files.readAllBytes(Path.of(bodyFile));
    Duration warmup = Duration.ofSeconds(quick ? 2 : 4);
    // The router's JIT needs tens of seconds of traffic before its code is compiled; without this
    // the first levels measure the interpreter, not the router.
    Duration jitWarmup = Duration.ofSeconds(Bench.intArg(args, "--jit-warmup", quick ? 10 : 40));
    Duration measure = Duration.ofSeconds(Bench.intArg(args, "--measure", quick ? 3 : 8));
    Duration settleMax = Duration.ofSeconds(Bench.intArg(args, "--settle-max", quick ? 0 : 60));
    PrintStream out = System.out;
    String java = Bench.java();
    List<Scenario> scenarios = List.of(
        new Scenario("claude passthrough", "claude", "/v1/messages", CLAUDE_REQUEST, false),
        new Scenario("claude passthrough stream", "claude", "/v1/messages", CLAUDE_REQUEST, true),
        new Scenario("claude over chat", "openai", "/v1/chat/completions", CHAT_REQUEST, false),
        new Scenario("claude over chat stream", "openai", "/v1/chat/completions", CHAT_REQUEST, true))
        .stream().filter(s -> s.name().contains(only)).toList();
    // A name given in full keeps that scenario alone ("claude passthrough" without its stream).
    if (scenarios.stream().anyMatch(s -> s.name().equals(only))) {
      scenarios = scenarios.stream().filter(s -> s.name().equals(only)).toList();
    }
    // --pin PROXY,BENCH: the proxies (router, nginx) on one core, this process (mock upstream and
    // load driver) on the other, so that they do not take each other's CPU.
    String pin = Bench.stringArg(args, "--pin", Bench.flag(args, "--pin") ? "0,1" : null);
    if (pin != null && pin.startsWith("--")) pin = "0,1";
    int cores = Runtime.getRuntime().availableProcessors(); // before pinning narrows it to one
    List<String> proxyPrefix = List.of();
    if (pin != null) {
      String[] cpus = pin.split(",");
      if (cpus.length != 2) throw new IllegalArgumentException("--pin takes PROXY_CPU,BENCH_CPU, got " + pin);
      proxyPrefix = List.of("taskset", "-c", cpus[0]);
      pinSelf(cpus[1]);
    }
    // --events N --gap-ms G: the measured streams' shape (20 events 1 ms apart by default). With
    // --gap-ms 0 they come back to back, and the proxy's core never waits between two streams.
    int events = Bench.intArg(args, "--events", 20);
    long gapMillis = Bench.intArg(args, "--gap-ms", (int) EVENT_GAP_MILLIS);
    if (events < 1 || gapMillis < 0) {
      throw new IllegalArgumentException("--events takes 1 or more and --gap-ms 0 or more, got " + events + " and " + gapMillis);
    }
    boolean withNginx = !Bench.flag(args, "--no-nginx");
    boolean threadDetail = Bench.flag(args, "--threads");
    Optional<Path> nginxBinary = withNginx ? NginxProcess.binary() : Optional.empty();
    RouterCommand routerCommand = Bench.router();
    out.printf(Locale.ROOT, "llmrouter load benchmark, %s, router JVM: %s, %d cores%n", LocalDate.now(),
        java, cores);
    if (pin != null) {
      out.printf(Locale.ROOT, "pinned: router and nginx on CPU %s, mock upstream and load driver on CPU %s%n",
          pin.split(",")[0], pin.split(",")[1]);
    }
    out.printf(Locale.ROOT, "streams: %d events, %d ms apart%n", events, gapMillis);
    if (customBody != null) {
      out.printf(Locale.ROOT, "request body: %s (%d bytes) in the passthrough scenarios; the converted ones keep the"
          + " built-in request%n", bodyFile, customBody.length);
    }
    if (withNginx && nginxBinary.isEmpty()) {
      out.println("nginx not found (install nginx-light, or pass -Dbench.nginx=PATH): the nginx target is skipped");
    }
    out.println("latencies in ms; added = through router minus direct; ngx-add = through nginx minus direct;"
        + " cpu = proxy CPU ms per request");
    out.printf(Locale.ROOT, "%-26s %5s %-7s %9s %8s %8s %8s %8s %8s %8s %7s %6s%n", "scenario", "conc", "target", "req/s",
        "p50", "p99", "p99.9", "ttfb50", "ttfb99", "ev99", "errors", "cpu");
    List<String> summary = new ArrayList<>();
    List<String> cpuLines = new ArrayList<>();
    java.util.Map<String, double[]> passthroughCpu = new java.util.HashMap<>();
    try (MockUpstream mock = new MockUpstream(events, gapMillis, 2)) {
      LoadDriver driver = new LoadDriver(1024, Bench.threads());
      NginxProcess nginx = null;
      boolean anyPassthrough = scenarios.stream().anyMatch(s -> s.serviceType().equals("claude"));
      if (nginxBinary.isPresent() && anyPassthrough) {
        nginx = NginxProcess.start(nginxBinary.get(), proxyPrefix, mock.baseUrl().substring("http://".length()), Bench.freePort());
      }
      try {
        boolean optionsShown = false;
        for (Scenario s : scenarios) {
          // nginx cannot convert: it is a target for the passthrough scenarios only.
          NginxProcess floor = s.serviceType().equals("claude") ? nginx : null;
          try (RouterProcess router = RouterProcess.start(proxyPrefix, java, routerCommand, routerJvmArgs, s.serviceType(),
              mock.baseUrl(), Bench.freePort(), routerEnv)) {
            if (!optionsShown) {
              out.println(router.startedBy());
              optionsShown = true;
            }
            String streamField = s.stream() ? ",\"stream\":true" : "";
            byte[] directBody = String.format(Locale.ROOT, s.directBody(), streamField).getBytes(StandardCharsets.UTF_8);
            byte[] routedBody = String.format(Locale.ROOT, CLAUDE_REQUEST, streamField + traceField)
                .getBytes(StandardCharsets.UTF_8);
            if (customBody != null && s.serviceType().equals("claude")) {
              directBody = withStream(customBody, s.stream(), null);
              routedBody = withStream(customBody, s.stream(), traceUser);
            }
            // At 25 ms per stream, 40 s at concurrency 8 call the per-stream code ~13,000 times, and
            // the compiler was still at it when concurrency 1 was measured (2 to 6 ms of compiler CPU
            // per stream). Back to back, the same warm-up runs several times as many streams.
            mock.eventGapMillis(0);
            driver.run(router.baseUrl() + "/v1/messages", routedBody, s.stream(), 8, Duration.ZERO, jitWarmup);
            mock.eventGapMillis(gapMillis);
            driver.run(mock.baseUrl() + s.directPath(), directBody, s.stream(), 8, Duration.ZERO, Duration.ofSeconds(5));
            if (floor != null) {
              driver.run(floor.baseUrl() + s.directPath(), directBody, s.stream(), 8, Duration.ZERO, Duration.ofSeconds(2));
            }
            for (int c : levels) {
              LoadDriver.Result direct = driver.run(mock.baseUrl() + s.directPath(), directBody, s.stream(), c, warmup, measure);
              LoadDriver.Result viaNginx = null;
              double nginxCpu = Double.NaN;
              if (floor != null) {
                driver.run(floor.baseUrl() + s.directPath(), directBody, s.stream(), c, Duration.ZERO, warmup);
                long n0 = floor.cpuMillis();
                viaNginx = driver.run(floor.baseUrl() + s.directPath(), directBody, s.stream(), c, Duration.ZERO, measure);
                long n1 = floor.cpuMillis();
                nginxCpu = viaNginx.requests() == 0 ? Double.NaN : (n1 - n0) / (double) viaNginx.requests();
              }
              // CPU time and switches are read around the measured phase only (not its warm-up).
              driver.run(router.baseUrl() + "/v1/messages", routedBody, s.stream(), c, Duration.ZERO, warmup);
              long settledAfter = settle(driver, router, routedBody, s.stream(), c, settleMax);
              long cpu0 = router.cpuMillis();
              ThreadStats threads0 = ThreadStats.of(router.pid());
              LoadDriver.Result routed = driver.run(router.baseUrl() + "/v1/messages", routedBody, s.stream(), c,
                  Duration.ZERO, measure);
              long cpu1 = router.cpuMillis();
              ThreadStats threads1 = ThreadStats.of(router.pid());
              print(out, s.name(), c, "direct", direct, Double.NaN);
              if (viaNginx != null) {
                print(out, s.name(), c, "nginx", viaNginx, nginxCpu);
                printAdded(out, c, "ngx-add", viaNginx, direct);
              }
              double cpuPerReq = routed.requests() == 0 ? Double.NaN : (cpu1 - cpu0) / (double) routed.requests();
              print(out, s.name(), c, "router", routed, cpuPerReq);
              printAdded(out, c, "added", routed, direct);
              out.printf(Locale.ROOT, "%-26s %5d %-7s router context switches per request %s (all threads)%n", "", c,
                  "switch", Bench.fmt(threads1.switchesSince(threads0) / (double) Math.max(1, routed.requests())));
              if (!settleMax.isZero()) {
                out.printf(Locale.ROOT, "%-26s %5d %-7s %s%n", "", c, "jit", settledAfter >= 0
                    ? "compiler threads quiet after " + (warmup.toSeconds() + settledAfter) + " s of warm-up at this level"
                    : "compiler threads still busy after " + (warmup.toSeconds() + settleMax.toSeconds())
                        + " s of warm-up at this level (measured anyway)");
              }
              if (threadDetail) {
                for (String line : threads1.perRequestSince(threads0, routed.requests())) {
                  out.printf(Locale.ROOT, "%-26s %5d %-7s %s%n", "", c, "thread", line);
                }
              }
              if (viaNginx != null) {
                String line = String.format(Locale.ROOT, "%s, concurrency %d: router %.0f%% of nginx's throughput;"
                    + " CPU per request router %s ms, nginx %s ms, ratio %s", s.name(), c,
                    100.0 * routed.throughput() / viaNginx.throughput(), Bench.fmt(cpuPerReq), Bench.fmt(nginxCpu),
                    Bench.fmt(cpuPerReq / nginxCpu));
                out.printf(Locale.ROOT, "%-26s %5d %-7s %s%n", "", c, "vs-ngx", line.substring(line.indexOf(": ") + 2));
                cpuLines.add(line);
              } else {
                // nginx cannot convert: a converted scenario's CPU is set beside the passthrough's
                // (and nginx's) at the same concurrency, when those ran before it.
                double[] pass = passthroughCpu.get(s.stream() + ":" + c);
                String beside = pass == null ? "" : String.format(Locale.ROOT,
                    "; passthrough %s ms, nginx %s ms (converted / passthrough %s, converted / nginx %s)",
                    Bench.fmt(pass[0]), Bench.fmt(pass[1]), Bench.fmt(cpuPerReq / pass[0]), Bench.fmt(cpuPerReq / pass[1]));
                String line = String.format(Locale.ROOT, "%s, concurrency %d: CPU per request router %s ms%s", s.name(), c,
                    Bench.fmt(cpuPerReq), beside);
                if (pass != null) {
                  out.printf(Locale.ROOT, "%-26s %5d %-7s %s%n", "", c, "vs-pass", line.substring(line.indexOf(": ") + 2));
                }
                cpuLines.add(line);
              }
              if (s.serviceType().equals("claude")) {
                passthroughCpu.put(s.stream() + ":" + c, new double[] {cpuPerReq, nginxCpu});
              }
            }
            summary.add(String.format(Locale.ROOT, "%s: router start-up %d ms, peak RSS %d MiB", s.name(), router.startupMillis,
                router.status("VmHWM") / 1024));
          }
        }
        if (nginx != null) {
          summary.add(String.format(Locale.ROOT, "nginx: peak RSS %d MiB (worker), %d MiB (master and worker)",
              nginx.workerPeakRssKiB() / 1024, nginx.status("VmHWM") / 1024));
        }
      } finally {
        if (nginx != null) nginx.close();
      }
      driver.close();
    }
    for (String line : summary) out.println(line);
    for (String line : cpuLines) out.println(line);
  }

  /**
   * Keeps the router under this level's load, in steps of {@link #SETTLE_STEP}, until its JIT compiler
   * threads used under 2 % of a core in a step, for at most {@code max}. The compiler's queue empties
   * only under the traffic it compiles for: with the router pinned to one core it competes with the
   * requests for that core, and the methods it had queued are dropped when the router sits idle while
   * the other targets are measured, to be queued again when its traffic comes back. Measured before
   * it is quiet, a level measures the compiler's share of the core (milliseconds of queueing for
   * one request in a hundred at concurrency 1), not the router's steady state.
   *
   * @return the seconds of traffic it took beyond the level's warm-up, or -1 when {@code max} ran out
   */
  private static long settle(LoadDriver driver, RouterProcess router, byte[] body, boolean stream, int c, Duration max)
      throws InterruptedException {
    long waited = 0;
    while (waited < max.toSeconds()) {
      ThreadStats before = ThreadStats.of(router.pid());
      long wall0 = System.nanoTime();
      driver.run(router.baseUrl() + "/v1/messages", body, stream, c, Duration.ZERO, SETTLE_STEP);
      if (ThreadStats.compilerQuietSince(router.pid(), before, System.nanoTime() - wall0)) return waited;
      waited += SETTLE_STEP.toSeconds();
    }
    return -1;
  }

  private static final Duration SETTLE_STEP = Duration.ofSeconds(2);
  /** The pause between a measured stream's events, unless {@code --gap-ms} sets another. */
  private static final long EVENT_GAP_MILLIS = 1;

  /** Pins every thread of this process (the mock upstream and the load driver) to {@code cpu}. */
  private static void pinSelf(String cpu) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpu, Long.toString(ProcessHandle.current().pid()))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("taskset failed: " + output);
  }

  private static void printAdded(PrintStream out, int c, String label, LoadDriver.Result through, LoadDriver.Result direct) {
    out.printf(Locale.ROOT, "%-26s %5d %-7s %8.0f%% %8s %8s %8s %8s %8s %8s%n", "", c, label,
        100.0 * through.throughput() / direct.throughput(),
        Bench.fmt(through.latency().percentileMillis(50) - direct.latency().percentileMillis(50)),
        Bench.fmt(through.latency().percentileMillis(99) - direct.latency().percentileMillis(99)),
        Bench.fmt(through.latency().percentileMillis(99.9) - direct.latency().percentileMillis(99.9)),
        Bench.fmt(through.ttfb().percentileMillis(50) - direct.ttfb().percentileMillis(50)),
        Bench.fmt(through.ttfb().percentileMillis(99) - direct.ttfb().percentileMillis(99)),
        Bench.fmt(through.eventDelay().percentileMillis(99) - direct.eventDelay().percentileMillis(99)));
  }

  private static void print(PrintStream out, String name, int c, String target, LoadDriver.Result r, double cpu) {
    out.printf(Locale.ROOT, "%-26s %5d %-7s %9.0f %8s %8s %8s %8s %8s %8s %7d %6s%n", name, c, target, r.throughput(),
        Bench.fmt(r.latency().percentileMillis(50)), Bench.fmt(r.latency().percentileMillis(99)),
        Bench.fmt(r.latency().percentileMillis(99.9)), Bench.fmt(r.ttfb().percentileMillis(50)),
        Bench.fmt(r.ttfb().percentileMillis(99)), Bench.fmt(r.eventDelay().percentileMillis(99)), r.errors(),
        Bench.fmt(cpu));
  }
}
