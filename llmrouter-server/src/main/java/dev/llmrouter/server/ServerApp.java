package dev.llmrouter.server;

import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.ModelLister;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.RouterSettings;
import dev.llmrouter.server.config.ChannelFile;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.models.ModelCatalog;
import dev.llmrouter.server.models.ModelRoutes;
import dev.llmrouter.server.sessions.InMemorySessionStore;
import dev.llmrouter.server.tokens.CountTokensHandler;
import dev.llmrouter.server.tokens.TokenRoutes;
import java.security.SecureRandom;
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

  private ServerApp(Settings settings, Router router, RouterServer server, ChannelFile channelFile, String accessKey,
      boolean generatedKey) {
    this.settings = settings;
    this.router = router;
    this.server = server;
    this.channelFile = channelFile;
    this.accessKey = accessKey;
    this.generatedKey = generatedKey;
  }

  /**
   * Loads the channel file (creating it when missing) and starts the server.
   *
   * @param client the OkHttp client to derive upstream clients from, or null for the default
   * @throws ChannelFile.ChannelFileException when the channel file cannot be used
   */
  public static ServerApp start(Settings settings, OkHttpClient client) {
    ChannelFile file = new ChannelFile(settings.configFile(), new ConfigCodec());
    ChannelSnapshot snapshot = file.loadOrCreate();
    HttpTransport transport = client == null ? HttpTransport.createDefault() : new HttpTransport(client);
    Timeouts timeouts = new Timeouts(settings.connectTimeout(), settings.responseHeaderTimeout(),
        settings.requestTimeout(), settings.streamIdleTimeout());
    Settings.Scheduler sched = settings.scheduler();
    RouterSettings routing = RouterSettings.builder()
        .timeouts(timeouts)
        .windowSize(sched.windowSize())
        .failureThreshold(sched.failureThreshold())
        .breakerOpen(sched.circuitRecovery())
        .affinityTtl(sched.affinityTtl())
        .affinityCapacity(sched.affinityCapacity())
        .build();
    Router router = Router.builder()
        .providers(Providers.standard(transport, dev.llmrouter.convert.Converters.standard()))
        .snapshot(snapshot)
        .settings(routing)
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
        .sessionStore(new InMemorySessionStore(settings.sessionLimits(), java.time.Clock.systemUTC()))
        .routes(new TokenRoutes(new CountTokensHandler(router, settings.countTokensMode(),
            settings.maxRequestBodyBytes())))
        .routes(new ModelRoutes(new ModelCatalog(new ModelLister(transport, java.time.Clock.systemUTC(),
            settings.modelsCacheTtl(), settings.modelsFetchTimeout()), router::snapshot))));
    return new ServerApp(settings, router, server, file, key, generated);
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

  /** The access key in force (the generated one when none was configured). */
  public String accessKey() { return accessKey; }

  /** True when no key was configured and one was generated for this run. */
  public boolean generatedKey() { return generatedKey; }

  @Override
  public void close() {
    server.close();
  }
}
