package dev.llmrouter.bench.jmh;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.bench.InstantProvider;
import dev.llmrouter.scheduler.Requests;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.SelectionRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Channel selection with many channels and a full trace-affinity table. The selector, the affinity
 * table and the channel health are package-private in llmrouter-scheduler, so this goes through the
 * narrowest public API: one operation is one {@link Router#route} of a small non-streamed Messages
 * request to a provider that does no IO (it answers 200 with a fixed body at once), and closing the
 * answer. Besides the selection, each operation therefore pays for the rest of a successful attempt:
 * the breaker permit and its settlement, the affinity renewal, the outcome event and the key
 * labels (fingerprints are hashed once per key and then cached). {@code channels=1} measures that
 * fixed part; the difference with {@code channels=100} is what the number of channels costs.
 *
 * <p>Setup binds {@value #TRACES} sessions (the router's default affinity capacity, so the table is
 * full) to the channels in turn, through real routed requests pinned to each channel. Every
 * channel has two keys and one base URL; priorities come in groups of ten. {@code mode}:
 * <ul>
 *   <li>{@code affinity}: requests of the bound sessions, in turn: a hit in the full table;
 *   <li>{@code newTrace}: each request is a session never seen, so it is picked by priority and
 *       then bound, evicting the least recently used binding (the table stays full; building the
 *       request, a header and a record, is part of the operation);
 *   <li>{@code priority}: requests without a session: the first channel of the best priority group;
 *   <li>{@code weighted}: the same, with weights on every channel: a weighted draw in the group;
 *   <li>{@code rule}: the same, with a custom {@link SelectionRule} that orders the candidates by
 *       failure rate.
 * </ul>
 * Nothing accumulates: bindings are renewed in place or replace evicted ones, and every breaker
 * window keeps a fixed number of results.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelSelectionBench {
  static final int TRACES = 100_000;
  private static final String SESSION = "x-claude-code-session-id";
  private static final byte[] BODY = ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"stream\":false,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);

  @Param({"100", "1"})
  public int channels;

  @Param({"affinity", "newTrace", "priority", "weighted", "rule"})
  public String mode;

  private Router router;
  private ClientRequest[] bound;
  private ClientRequest plain;
  private int next;
  private long fresh;

  @Setup
  public void setup() {
    List<Channel> list = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      String id = String.format("ch-%03d", i);
      list.add(Channel.builder().id(id).name(id).serviceType("claude").baseUrl("https://" + id + ".example.com")
          .apiKeys("sk-ant-api03-" + id + "-first", "sk-ant-api03-" + id + "-second")
          .priority(i / 10).weight("weighted".equals(mode) ? 1 + i % 4 : null).build());
    }
    Router.Builder b = Router.builder().provider(new InstantProvider())
        .snapshot(ChannelSnapshot.builder().channels(ApiKind.MESSAGES, list).build())
        .random(new SplittableRandom(42));
    if ("rule".equals(mode)) {
      b.selectionRule((request, candidates) -> {
        List<SelectionRule.Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingDouble(SelectionRule.Candidate::failureRate));
        return ordered;
      });
    }
    router = b.build();

    bound = new ClientRequest[TRACES];
    for (int i = 0; i < TRACES; i++) {
      bound[i] = Requests.messages(BODY, HttpHeaders.of(SESSION, "session-" + i));
      String channel = list.get(i % channels).id();
      String got = route(RoutingHints.pin(bound[i], channel, null));
      if (!channel.equals(got)) throw new IllegalStateException("pinned to " + channel + ", routed to " + got);
    }
    for (int i = 0; i < 1000; i++) {
      String want = list.get(i % channels).id();
      String got = route(bound[i]);
      if (!want.equals(got)) throw new IllegalStateException("session-" + i + " bound to " + want + ", routed to " + got);
    }
    plain = Requests.messages(BODY, HttpHeaders.empty());
  }

  private String route(ClientRequest request) {
    try (RoutedResponse r = router.route(request, new CancelSignal())) {
      if (r.status() != 200) throw new IllegalStateException("status " + r.status());
      return r.channel().id();
    }
  }

  @Benchmark
  public RoutedResponse route() {
    ClientRequest request;
    switch (mode) {
      case "affinity":
        request = bound[next];
        next = next + 1 == TRACES ? 0 : next + 1;
        break;
      case "newTrace":
        request = Requests.messages(BODY, HttpHeaders.of(SESSION, "new-" + fresh++));
        break;
      default:
        request = plain;
    }
    RoutedResponse r = router.route(request, new CancelSignal());
    r.close();
    return r;
  }
}
