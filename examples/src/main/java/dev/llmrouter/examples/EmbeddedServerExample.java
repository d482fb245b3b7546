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

  public static void main(String[] args) throws InterruptedException {
    String key = System.getenv().getOrDefault("ANTHROPIC_API_KEY", "sk-ant-...");
    RouterServer server = start(3000, "https://api.anthropic.com", key, "local-access-key");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
