package dev.llmrouter.bench.load;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.bench.InstantProvider;
import dev.llmrouter.redis.RedisBackend;
import dev.llmrouter.redis.RedisSettings;
import dev.llmrouter.scheduler.Requests;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Router;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What sharing routing state through Redis adds to one request, measured in process so that the
 * upstream and the HTTP layers cancel out: one router with the in-memory default and one with a
 * Redis store, both over a provider that answers at once, routed in alternating rounds (so machine
 * noise falls on both alike), one request at a time. Three kinds of request: a session seen before
 * (its binding renewed in Redis, read back at most every 2 s), a new session each time (a Redis read
 * on the request path, then a write), and no session. Run:
 * {@code java -jar llmrouter-bench-all.jar shared --redis redis://127.0.0.1:6379/0 [--rounds 10]
 * [--round-ms 1000]}.
 */
public final class SharedStateBench {
  private static final byte[] BODY = ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"stream\":false,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);

  private SharedStateBench() {}

  public static void main(String[] args) throws Exception {
    String url = Bench.stringArg(args, "--redis", "redis://127.0.0.1:6379/0");
    int rounds = Bench.intArg(args, "--rounds", 10);
    Duration round = Duration.ofMillis(Bench.intArg(args, "--round-ms", 1000));
    PrintStream out = System.out;
    ChannelSnapshot snapshot = ChannelSnapshot.builder().channels(ApiKind.MESSAGES, List.of(
        Channel.builder().id("ch-1").name("one").serviceType("claude").baseUrl("https://one.example.com")
            .apiKeys("sk-ant-api03-bench-first", "sk-ant-api03-bench-second").build())).build();
    try (RedisBackend backend = RedisBackend.connect(new RedisSettings(url, "llmrouter-bench:", Duration.ofMillis(250)))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!backend.isUp() && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
      if (!backend.isUp()) throw new IllegalStateException("redis " + url + " did not answer");
      Router local = Router.builder().provider(new InstantProvider()).snapshot(snapshot).build();
      Router shared = Router.builder().provider(new InstantProvider()).snapshot(snapshot)
          .stateStore(backend.stateStore()).build();
      out.printf(Locale.ROOT, "shared state bench, %d rounds of %d ms per router and kind, one request at a time%n",
          rounds, round.toMillis());
      out.printf(Locale.ROOT, "%-16s %-7s %9s %8s %8s %8s%n", "request", "store", "requests", "p50 us", "p99 us",
          "p99.9 us");
      for (String kind : List.of("same session", "new session", "no session")) {
        Stats[] stats = {new Stats(5_000_000), new Stats(5_000_000)};
        Router[] routers = {local, shared};
        long[] counter = {0};
        // Warm-up of both, then alternating measured rounds.
        for (int i = 0; i < 2 * rounds + 4; i++) {
          int which = i % 2;
          Stats target = i < 4 ? new Stats(1) : stats[which];
          long end = System.nanoTime() + round.toNanos();
          while (System.nanoTime() < end) {
            ClientRequest request = request(kind, counter[0]++);
            long t0 = System.nanoTime();
            try (RoutedResponse r = routers[which].route(request, new CancelSignal())) {
              if (r.status() != 200) throw new IllegalStateException("status " + r.status());
            }
            target.add(System.nanoTime() - t0);
          }
        }
        String[] names = {"memory", "redis"};
        for (int w = 0; w < 2; w++) {
          out.printf(Locale.ROOT, "%-16s %-7s %9d %8.1f %8.1f %8.1f%n", kind, names[w], stats[w].count(),
              stats[w].percentileMillis(50) * 1000, stats[w].percentileMillis(99) * 1000,
              stats[w].percentileMillis(99.9) * 1000);
        }
        out.printf(Locale.ROOT, "%-16s %-7s %9s %8.1f %8.1f %8.1f%n", kind, "added", "",
            (stats[1].percentileMillis(50) - stats[0].percentileMillis(50)) * 1000,
            (stats[1].percentileMillis(99) - stats[0].percentileMillis(99)) * 1000,
            (stats[1].percentileMillis(99.9) - stats[0].percentileMillis(99.9)) * 1000);
      }
      out.printf(Locale.ROOT, "redis commands failed: %d%n", backend.failures());
    }
  }

  private static ClientRequest request(String kind, long n) {
    switch (kind) {
      case "same session":
        return Requests.messages(BODY, HttpHeaders.of("x-claude-code-session-id", "session-" + (n % 100)));
      case "new session":
        return Requests.messages(BODY, HttpHeaders.of("x-claude-code-session-id", "new-" + n + "-" + System.nanoTime()));
      default:
        return Requests.messages(BODY, HttpHeaders.empty());
    }
  }
}
