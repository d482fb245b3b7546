package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.RouterServer;
import java.time.Duration;

/**
 * Example 6: the HTTP server embedded in an application, with its own channel list built in code.
 * One call starts it; closing the handle stops it, letting requests in flight finish within the
 * grace period.
 */
public final class EmbeddedServerExample {
  private EmbeddedServerExample() {}

  /** Starts a server on {@code port} (0 picks one) in front of one Claude channel. */
  public static RouterServer start(int port, String upstream, String upstreamKey, String accessKey) {
    Router router = Router.builder()
        .providers(Providers.standard(HttpTransport.createDefault(), dev.llmrouter.convert.Converters.standard()))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-main").name("main").serviceType("claude")
                .baseUrl(upstream).apiKeys(upstreamKey).build())
            .build())
        .build();
    return RouterServer.start(router, RouterServer.options()
        .host("127.0.0.1")
        .port(port)
        .accessKey(accessKey)
        .shutdownGrace(Duration.ofSeconds(5)));
  }

  /**
   * Serves on port 3000 in front of the Claude base URL given (with the key in
   * {@code ANTHROPIC_API_KEY}), or in front of a {@link LocalMock}; stop it with Ctrl-C.
   */
  public static void main(String[] args) throws InterruptedException {
    LocalMock mock = args.length >= 1 ? null : LocalMock.start();
    String upstream = mock == null ? args[0] : mock.url("");
    String key = mock == null ? System.getenv().getOrDefault("ANTHROPIC_API_KEY", "") : "sk-ant-local-mock";
    RouterServer server = start(3000, upstream, key, "local-access-key");
    System.out.println("serving http://127.0.0.1:3000/v1/messages (x-api-key: local-access-key) in front of " + upstream);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (mock != null) mock.close();
    }));
    Thread.currentThread().join();
  }
}
