package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Answer;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.SelectionRule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Example 4: a custom {@link SelectionRule} that sends each request to the cheapest channel for
 * its model, whatever the channels' priorities say. Channels whose breakers are open are moved
 * behind the healthy ones by the router, and when the cheapest fails the request fails over to the
 * next cheapest. The price list here is a map; a real one could come from a pricing service.
 */
public final class CostAwareRoutingExample {
  private CostAwareRoutingExample() {}

  /**
   * Orders candidates by price per million output tokens for the request's model (channels without a
   * price go last). Thread-safe: the price list is immutable.
   */
  public static final class CheapestFirst implements SelectionRule {
    private final Map<String, Map<String, Double>> pricesByChannel;

    /** @param pricesByChannel channel id to (upstream model to price) */
    public CheapestFirst(Map<String, Map<String, Double>> pricesByChannel) {
      this.pricesByChannel = Map.copyOf(pricesByChannel);
    }

    @Override
    public List<Candidate> order(ClientRequest request, List<Candidate> candidates) {
      List<Candidate> sorted = new ArrayList<>(candidates);
      sorted.sort(Comparator.comparingDouble(c -> price(c.channel(), request.model())));
      return sorted;
    }

    private double price(Channel channel, String model) {
      Double p = pricesByChannel.getOrDefault(channel.id(), Map.of()).get(channel.mapModel(model));
      return p == null ? Double.MAX_VALUE : p;
    }
  }

  /** A router over a "premium" (priority 1) and a "budget" (priority 2) channel, cheapest first. */
  public static Router router(String premiumUrl, String budgetUrl) {
    return Router.builder()
        .providers(Providers.standard(HttpTransport.createDefault()))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-premium").name("premium").serviceType("claude")
                .baseUrl(premiumUrl).apiKeys("sk-ant-premium").priority(1).build())
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-budget").name("budget").serviceType("claude")
                .baseUrl(budgetUrl).apiKeys("sk-ant-budget").priority(2)
                .modelMapping(Map.of("claude-sonnet-4-5", "claude-sonnet-4-5-discount")).build())
            .build())
        .selectionRule(new CheapestFirst(Map.of(
            "ch-premium", Map.of("claude-sonnet-4-5", 15.0),
            "ch-budget", Map.of("claude-sonnet-4-5-discount", 9.0))))
        .build();
  }

  /** Sends one request and prints which channel answered. */
  public static Answer run(String premiumUrl, String budgetUrl, PrintStream out) {
    Answer answer = router(premiumUrl, budgetUrl).messages().send("""
        {"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hello"}]}""");
    out.println(answer.channel().name() + " -> " + answer.status());
    return answer;
  }

  /** Runs against the given premium and budget base URLs, or against a {@link LocalMock}. */
  public static void main(String[] args) {
    if (args.length >= 2) {
      run(args[0], args[1], System.out);
      return;
    }
    try (LocalMock mock = LocalMock.start()) {
      run(mock.url("/premium"), mock.url("/budget"), System.out);
    }
  }
}
