package dev.llmrouter.bench.load;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The load benchmark: for each scenario and concurrency, the same closed-loop load goes directly to
 * the mock upstream and then through a router process in front of it; the table shows both and
 * the difference. Each router process first gets {@code --jit-warmup} seconds of traffic (40 by
default) so that its code is compiled before anything is measured. Run:
{@code java -jar llmrouter-bench-all.jar load [--quick] [--jit-warmup 40] [--only TEXT] [--levels 1,16]
 * [--measure 8] [--router-jvm-arg ARG]... [--router-env NAME=VALUE]... [--trace-user ID]}: {@code --only} keeps
 * the scenarios whose name contains TEXT, {@code --levels} sets the concurrency levels, {@code --measure} the
 * seconds measured per level, each {@code --router-jvm-arg} is passed to the router's JVM (for example
 * {@code -XX:StartFlightRecording=filename=router.jfr} to profile it), each {@code --router-env} is
 * set in the router's environment (for example {@code REDIS_URL=redis://127.0.0.1:6379} to measure
 * shared state), and {@code --trace-user} puts {@code metadata.user_id} in every routed request, so
 * that each one reads and renews a trace binding.
 */
public final class LoadBench {
  private LoadBench() {}

  static final String CLAUDE_REQUEST = "{\"model\":\"bench-model\",\"max_tokens\":1024,\"system\":\"" + "You are a helpful assistant. ".repeat(20)
      + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "Please summarise the following text. ".repeat(30) + "\"}]%s}";
  static final String CHAT_REQUEST = "{\"model\":\"bench-model\",\"max_tokens\":1024,\"messages\":[{\"role\":\"system\",\"content\":\""
      + "You are a helpful assistant. ".repeat(20) + "\"},{\"role\":\"user\",\"content\":\"" + "Please summarise the following text. ".repeat(30)
      + "\"}]%s}";

  record Scenario(String name, String serviceType, String directPath, String directBody, boolean stream) {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int[] levels = quick ? new int[] {1, 16} : new int[] {1, 16, 64, 256};
    String levelArg = Bench.stringArg(args, "--levels", null);
    if (levelArg != null) levels = java.util.Arrays.stream(levelArg.split(",")).mapToInt(Integer::parseInt).toArray();
    String only = Bench.stringArg(args, "--only", "");
    List<String> routerJvmArgs = Bench.allArgs(args, "--router-jvm-arg");
    java.util.Map<String, String> routerEnv = new java.util.LinkedHashMap<>();
    for (String kv : Bench.allArgs(args, "--router-env")) {
      int eq = kv.indexOf('=');
      if (eq < 1) throw new IllegalArgumentException("--router-env takes NAME=VALUE, got " + kv);
      routerEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    String traceUser = Bench.stringArg(args, "--trace-user", null);
    String traceField = traceUser == null ? "" : ",\"metadata\":{\"user_id\":\"" + traceUser + "\"}";
    Duration warmup = Duration.ofSeconds(quick ? 2 : 4);
    // The router's JIT needs tens of seconds of traffic before its code is compiled; without this
    // the first levels measure the interpreter, not the router.
    Duration jitWarmup = Duration.ofSeconds(Bench.intArg(args, "--jit-warmup", quick ? 10 : 40));
    Duration measure = Duration.ofSeconds(Bench.intArg(args, "--measure", quick ? 3 : 8));
    PrintStream out = System.out;
    String java = Bench.java();
    List<Scenario> scenarios = List.of(
        new Scenario("claude passthrough", "claude", "/v1/messages", CLAUDE_REQUEST, false),
        new Scenario("claude passthrough stream", "claude", "/v1/messages", CLAUDE_REQUEST, true),
        new Scenario("claude over chat", "openai", "/v1/chat/completions", CHAT_REQUEST, false),
        new Scenario("claude over chat stream", "openai", "/v1/chat/completions", CHAT_REQUEST, true))
        .stream().filter(s -> s.name().contains(only)).toList();
    out.printf(Locale.ROOT, "llmrouter load benchmark, %s, router JVM: %s, %d cores%n", LocalDate.now(),
        java, Runtime.getRuntime().availableProcessors());
    out.println("latencies in ms; added = through router minus direct; cpu = router CPU ms per request");
    out.printf(Locale.ROOT, "%-26s %5s %-7s %9s %8s %8s %8s %8s %8s %8s %7s %6s%n", "scenario", "conc", "target", "req/s",
        "p50", "p99", "p99.9", "ttfb50", "ttfb99", "ev99", "errors", "cpu");
    List<String> summary = new ArrayList<>();
    try (MockUpstream mock = new MockUpstream(20, 1, 2)) {
      LoadDriver driver = new LoadDriver(1024, Bench.threads());
      for (Scenario s : scenarios) {
        try (RouterProcess router = RouterProcess.start(java, Bench.routerJar(), routerJvmArgs, s.serviceType(), mock.baseUrl(),
            Bench.freePort(), routerEnv)) {
          String streamField = s.stream() ? ",\"stream\":true" : "";
          byte[] directBody = String.format(Locale.ROOT, s.directBody(), streamField).getBytes(StandardCharsets.UTF_8);
          byte[] routedBody = String.format(Locale.ROOT, CLAUDE_REQUEST, streamField + traceField)
              .getBytes(StandardCharsets.UTF_8);
          driver.run(router.baseUrl() + "/v1/messages", routedBody, s.stream(), 8, Duration.ZERO, jitWarmup);
          driver.run(mock.baseUrl() + s.directPath(), directBody, s.stream(), 8, Duration.ZERO, Duration.ofSeconds(5));
          for (int c : levels) {
            LoadDriver.Result direct = driver.run(mock.baseUrl() + s.directPath(), directBody, s.stream(), c, warmup, measure);
            long cpu0 = router.cpuMillis();
            LoadDriver.Result routed = driver.run(router.baseUrl() + "/v1/messages", routedBody, s.stream(), c, warmup, measure);
            long cpu1 = router.cpuMillis();
            print(out, s.name(), c, "direct", direct, Double.NaN);
            double cpuPerReq = routed.requests() == 0 ? Double.NaN : (cpu1 - cpu0) / (double) routed.requests();
            print(out, s.name(), c, "router", routed, cpuPerReq);
            out.printf(Locale.ROOT, "%-26s %5d %-7s %8.0f%% %8s %8s %8s %8s %8s %8s%n", "", c, "added",
                100.0 * routed.throughput() / direct.throughput(),
                Bench.fmt(routed.latency().percentileMillis(50) - direct.latency().percentileMillis(50)),
                Bench.fmt(routed.latency().percentileMillis(99) - direct.latency().percentileMillis(99)),
                Bench.fmt(routed.latency().percentileMillis(99.9) - direct.latency().percentileMillis(99.9)),
                Bench.fmt(routed.ttfb().percentileMillis(50) - direct.ttfb().percentileMillis(50)),
                Bench.fmt(routed.ttfb().percentileMillis(99) - direct.ttfb().percentileMillis(99)),
                Bench.fmt(routed.eventDelay().percentileMillis(99) - direct.eventDelay().percentileMillis(99)));
          }
          summary.add(String.format(Locale.ROOT, "%s: router start-up %d ms, peak RSS %d MiB", s.name(), router.startupMillis,
              router.status("VmHWM") / 1024));
        }
      }
      driver.close();
    }
    for (String line : summary) out.println(line);
  }

  private static void print(PrintStream out, String name, int c, String target, LoadDriver.Result r, double cpu) {
    out.printf(Locale.ROOT, "%-26s %5d %-7s %9.0f %8s %8s %8s %8s %8s %8s %7d %6s%n", name, c, target, r.throughput(),
        Bench.fmt(r.latency().percentileMillis(50)), Bench.fmt(r.latency().percentileMillis(99)),
        Bench.fmt(r.latency().percentileMillis(99.9)), Bench.fmt(r.ttfb().percentileMillis(50)),
        Bench.fmt(r.ttfb().percentileMillis(99)), Bench.fmt(r.eventDelay().percentileMillis(99)), r.errors(),
        Bench.fmt(cpu));
  }
}
