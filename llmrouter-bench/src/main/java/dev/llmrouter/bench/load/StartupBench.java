package dev.llmrouter.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Start-up and idle footprint: starts the router (default settings, metrics history on) several
 * times and reports, as medians, the time from process start to {@code /health} answering, to the
 * first proxied request answered, and the resident set size after a quiet spell. Run:
 * {@code java -jar llmrouter-bench-all.jar startup [--runs 5] [--idle-seconds 10] [--router-jvm-arg ARG]...}.
 */
public final class StartupBench {
  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    int runs = Bench.intArg(args, "--runs", 5);
    int idleSeconds = Bench.intArg(args, "--idle-seconds", 10);
    PrintStream out = System.out;
    String java = Bench.java();
    List<Long> health = new ArrayList<>();
    List<Long> firstRequest = new ArrayList<>();
    List<Long> idleRss = new ArrayList<>();
    List<Long> threads = new ArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    byte[] body = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, "").getBytes(StandardCharsets.UTF_8);
    try (MockUpstream mock = new MockUpstream(20, 1, 1)) {
      for (int i = 0; i < runs; i++) {
        try (RouterProcess router = RouterProcess.start(java, Bench.router(), Bench.allArgs(args, "--router-jvm-arg"), "claude", mock.baseUrl(),
            Bench.freePort())) {
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/messages"))
              .header("x-api-key", RouterProcess.KEY).header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
          long first = (System.nanoTime() - router.startedNanos) / 1_000_000;
          if (r.statusCode() != 200) throw new IOException("first request answered " + r.statusCode());
          Thread.sleep(idleSeconds * 1000L);
          health.add(router.startupMillis);
          firstRequest.add(first);
          idleRss.add(router.status("VmRSS") / 1024);
          threads.add(router.status("Threads"));
          if (i == 0) out.println(router.startedBy());
          out.printf(Locale.ROOT, "run %d: /health after %d ms, first request answered after %d ms, idle RSS %d MiB, "
              + "threads %d%n", i + 1, router.startupMillis, first, idleRss.get(i), threads.get(i));
        }
      }
    }
    out.printf(Locale.ROOT, "median of %d, router JVM %s: /health %d ms, first request %d ms, idle RSS %d MiB, threads %d%n",
        runs, java, median(health), median(firstRequest), median(idleRss), median(threads));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
