package dev.llmrouter.server;

import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.RouterSettings;
import dev.llmrouter.server.config.ChannelFile;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.metrics.MetricsService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import okhttp3.OkHttpClient;

/**
 * The whole standalone server wired from {@link Settings}: the channel file, the OkHttp transport,
 * the standard providers, the router and the HTTP server. {@link #close()} stops it.
 */
public final class ServerApp implements AutoCloseable {
  private final Settings settings;
  private final Router router;
  private final RouterServer server;
  private final ChannelFile channelFile;
  private final String accessKey;
  private final boolean generatedKey;
  private final MetricsService metrics;

  private ServerApp(Settings settings, Router router, RouterServer server, ChannelFile channelFile, String accessKey,
      boolean generatedKey, MetricsService metrics) {
    this.settings = settings;
    this.router = router;
    this.server = server;
    this.channelFile = channelFile;
    this.accessKey = accessKey;
    this.generatedKey = generatedKey;
    this.metrics = metrics;
  }

  /**
   * Loads the channel file (creating it when missing) and starts the server.
   *
   * @param client the OkHttp client to derive upstream clients from, or null for the default
   * @throws ChannelFile.ChannelFileException when the channel file cannot be used
   */
  public static ServerApp start(Settings settings, OkHttpClient client) {
    return start(settings, client, Clock.systemDefaultZone());
  }

  /**
   * Loads the channel file and starts the server with a given clock (its zone is the zone of
   * metrics timestamps and of {@code duration=today}).
   *
   * @throws ChannelFile.ChannelFileException when the channel file cannot be used
   */
  public static ServerApp start(Settings settings, OkHttpClient client, Clock clock) {
    ChannelFile file = new ChannelFile(settings.configFile(), new ConfigCodec());
    ChannelSnapshot snapshot = file.loadOrCreate();
    HttpTransport transport = client == null ? HttpTransport.createDefault() : new HttpTransport(client);
    Timeouts timeouts = new Timeouts(settings.connectTimeout(), settings.responseHeaderTimeout(),
        settings.requestTimeout(), settings.streamIdleTimeout());
    MetricsService metrics = MetricsService.start(settings, clock);
    try {
      Router router = Router.builder()
          .providers(Providers.standard(transport))
          .snapshot(snapshot)
          .settings(new RouterSettings(timeouts))
          .clock(clock)
          .outcomeListener(metrics.listener())
          .build();
      boolean generated = settings.accessKey().isEmpty();
      String key = generated ? generateKey() : settings.accessKey();
      RouterServer server = RouterServer.start(router, RouterServer.options()
          .host(settings.host())
          .port(settings.port())
          .accessKey(key)
          .adminAccessKey(settings.adminAccessKey())
          .maxRequestBodyBytes(settings.maxRequestBodyBytes())
          .cors(settings.enableCors(), settings.corsOrigin())
          .workers(settings.workerThreads(), settings.workerQueue())
          .ioThreads(settings.ioThreads())
          .attemptHeaders(settings.attemptHeaders())
          .shutdownGrace(settings.shutdownGrace())
          .clock(clock)
          .routes(metrics.routes(router::snapshot).build()));
      return new ServerApp(settings, router, server, file, key, generated, metrics);
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
  }

  /** A random access key of 256 bits, URL-safe. */
  static String generateKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "llmr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public Settings settings() { return settings; }
  public Router router() { return router; }
  public RouterServer server() { return server; }
  public ChannelFile channelFile() { return channelFile; }
  public int port() { return server.port(); }
  public MetricsService metrics() { return metrics; }

  /** The access key in force (the generated one when none was configured). */
  public String accessKey() { return accessKey; }

  /** True when no key was configured and one was generated for this run. */
  public boolean generatedKey() { return generatedKey; }

  @Override
  public void close() {
    server.close();
    metrics.close();
  }
}
