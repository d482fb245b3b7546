package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Answer;
import dev.llmrouter.scheduler.Router;
import java.io.PrintStream;

/**
 * Example 5: two independent routers in one JVM. Each has its own channels, OkHttp client and
 * state; nothing is global, so neither sees the other.
 */
public final class TwoRoutersExample {
  private TwoRoutersExample() {}

  /** Builds a router with one Claude channel at {@code baseUrl}. */
  public static Router routerFor(String name, String baseUrl, String key) {
    return Router.builder()
        .providers(Providers.standard(HttpTransport.createDefault(), dev.llmrouter.convert.Converters.standard()))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-" + name).name(name).serviceType("claude")
                .baseUrl(baseUrl).apiKeys(key).build())
            .build())
        .build();
  }

  /** Sends the same request through both routers and prints which channel answered each. */
  public static void run(PrintStream out, String teamA, String teamB) {
    Router a = routerFor("team-a", teamA, "sk-ant-team-a");
    Router b = routerFor("team-b", teamB, "sk-ant-team-b");
    String request = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (Router r : new Router[] {a, b}) {
      Answer answer = r.messages().send(request);
      out.println(answer.channel().name() + " -> " + answer.status() + " " + answer.bodyString());
    }
  }

  /** Runs against the given two base URLs, or against a {@link LocalMock}. */
  public static void main(String[] args) {
    if (args.length >= 2) {
      run(System.out, args[0], args[1]);
      return;
    }
    try (LocalMock mock = LocalMock.start()) {
      run(System.out, mock.url("/team-a"), mock.url("/team-b"));
    }
  }
}
