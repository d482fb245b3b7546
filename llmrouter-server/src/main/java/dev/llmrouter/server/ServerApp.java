package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.ModelLister;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.providers.UpstreamLimits;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.RouterSettings;
import dev.llmrouter.server.admin.AdminRoutes;
import dev.llmrouter.server.admin.SettingsRoutes;
import dev.llmrouter.server.config.ChannelFile;
import dev.llmrouter.server.config.ChannelStore;
import dev.llmrouter.server.config.KeyOrders;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.console.ConsoleRoutes;
import dev.llmrouter.server.history.RequestLogRoutes;
import dev.llmrouter.server.logging.AccessLog;
import dev.llmrouter.server.logging.BodyLog;
import dev.llmrouter.server.metrics.LatencyRoutes;
import dev.llmrouter.server.metrics.MetricsService;
import dev.llmrouter.server.metrics.SchedulerGauges;
import dev.llmrouter.server.models.ModelCatalog;
import dev.llmrouter.server.models.ModelRoutes;
import dev.llmrouter.server.sessions.InMemorySessionStore;
import dev.llmrouter.server.sessions.SessionStore;
import dev.llmrouter.server.shared.SharedState;
import dev.llmrouter.server.tokens.CountTokensHandler;
import dev.llmrouter.server.tokens.TokenRoutes;
import io.micrometer.core.instrument.FunctionCounter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole standalone server wired from {@link Settings}: the channel store (file, hot reload,
 * backups), the OkHttp transport, the standard providers, the router, metrics with their history,
 * the admin API and the HTTP server. {@link #close()} stops it.
 */
public final class ServerApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerApp.class);
  /** How long the channel file must be quiet after a change before it is reloaded. */
  private static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(250);

  private final Settings settings;
  private final Router router;
  private final RouterServer server;
  private final ChannelStore channelStore;
  private final String accessKey;
  private final boolean generatedKey;
  private final MetricsService metrics;
  /** The link to the other instances, or null when no Redis is configured. */
  private final SharedState shared;

  private ServerApp(Settings settings, Router router, RouterServer server, ChannelStore channelStore,
      String accessKey, boolean generatedKey, MetricsService metrics, SharedState shared) {
    this.settings = settings;
    this.router = router;
    this.server = server;
    this.channelStore = channelStore;
    this.accessKey = accessKey;
    this.generatedKey = generatedKey;
    this.metrics = metrics;
    this.shared = shared;
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
    // The metrics service (SQLite history, Prometheus registry) and the HTTP client (TLS trust
    // store) are the slowest parts of start-up and independent: they are made side by side.
    java.util.concurrent.FutureTask<MetricsService> metricsTask =
        new java.util.concurrent.FutureTask<>(() -> MetricsService.start(settings, clock));
    Thread metricsStarter = new Thread(metricsTask, "llmrouter-startup-metrics");
    metricsStarter.setDaemon(true);
    metricsStarter.start();
    HttpTransport transport;
    try {
      Settings.Upstream upstream = settings.upstream();
      UpstreamLimits limits = new UpstreamLimits(upstream.maxSseEventBytes(), upstream.maxResponseBodyBytes());
      transport = client == null ? HttpTransport.createDefault(upstream.idleKeepAlive(), limits)
          : new HttpTransport(client, limits);
    } catch (RuntimeException | Error e) {
      closeQuietly(metricsTask);
      throw e;
    }
    MetricsService metrics = started(metricsTask);
    ChannelFile file = new ChannelFile(settings.configFile(), new ConfigCodec());
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
    ChannelStore store = null;
    // Only with REDIS_URL: without it no class of the Redis link is ever loaded.
    SharedState shared = settings.redis().enabled() ? SharedState.connect(settings.redis()) : null;
    try {
      AtomicReference<ChannelStore> storeRef = new AtomicReference<>();
      AccessLog accessLog = new AccessLog();
      dev.llmrouter.api.outcome.OutcomeListener metricsListener = metrics.listener();
      Router.Builder routerBuilder = Router.builder()
          .providers(Providers.standard(transport, Converters.standard(settings.conversionStrict())))
          .snapshot(ChannelSnapshot.empty())
          .settings(routing)
          .clock(clock)
          .outcomeListener(outcome -> {
            metricsListener.onOutcome(outcome);
            accessLog.onOutcome(outcome);
          })
          // Keys the router moves to the end after quota failures are persisted by the store's
          // writer, off the request path, merged with any admin change made meanwhile.
          .snapshotChangeListener(next -> {
            ChannelStore s = storeRef.get();
            if (s != null) s.changeInBackground(current -> KeyOrders.adopt(current, next));
          });
      if (shared != null) routerBuilder.stateStore(shared.stateStore());
      Router router = routerBuilder.build();
      SchedulerGauges gauges = new SchedulerGauges(metrics.prometheus().registry(), router::schedulerStats);
      metrics.prometheus().beforeScrape(gauges::refresh);
      FunctionCounter.builder("llmrouter.upstream.stale.connection.retries", transport,
              HttpTransport::staleConnectionRetries)
          .description("requests sent again on a fresh connection after their pooled connection proved stale")
          .register(metrics.prometheus().registry());
      store = ChannelStore.open(file, next -> apply(router, metrics, next), clock);
      storeRef.set(store);
      if (shared != null) {
        shared.share(store);
        shared.registerMetrics(metrics.prometheus().registry());
      }
      InMemorySessionStore localSessions = new InMemorySessionStore(settings.sessionLimits(), clock);
      SessionStore sessions = shared == null ? localSessions : shared.sessions(settings.sessionLimits(), localSessions);
      store.watch(RELOAD_DEBOUNCE);
      AdminRoutes admin = new AdminRoutes(store, router::resume, transport.client(), clock);
      boolean generated = settings.accessKey().isEmpty();
      String key = generated ? generateKey() : settings.accessKey();
      Settings.Logging logging = settings.logging();
      java.util.function.Supplier<List<String>> secrets = () -> knownSecrets(router, key, settings.adminAccessKey());
      BodyLog requestBodies = logging.requestBodies() ? new BodyLog(secrets) : null;
      BodyLog responseBodies = logging.responseBodies() ? new BodyLog(secrets) : null;
      RouterServer.Options options = RouterServer.options();
      if (settings.enableWebUi()) options.routes(ConsoleRoutes.load());
      RouterServer server = RouterServer.start(router, options
          .host(settings.host())
          .port(settings.port())
          .accessKey(key)
          .adminAccessKey(settings.adminAccessKey())
          .maxRequestBodyBytes(settings.maxRequestBodyBytes())
          .cors(settings.enableCors(), settings.corsOrigin())
          .workers(settings.workerThreads(), settings.workerQueue())
          .maxConcurrentRequests(settings.maxConcurrentRequests())
          .ioThreads(settings.ioThreads())
          .clientSendBuffer(settings.clientSendBufferKb() * 1024)
          .attemptHeaders(settings.attemptHeaders())
          .shutdownGrace(settings.shutdownGrace())
          .streamPing(settings.streamPing())
          .streamsOnIoThread(settings.streamsOnIoThread() ? settings.upstream().idleKeepAlive() : null)
          .front(settings.front())
          .accessLog(accessLog)
          .bodyLogs(requestBodies, responseBodies)
          .quietPolling(logging.quietPolling())
          .clock(clock)
          // Metrics paths first: /api/{k}/channels/metrics and /channels/dashboard are not channel ids.
          .routes(metrics.routes(router::snapshot).schedulerStats(router::schedulerStats).build())
          .routes(new RequestLogRoutes(metrics.history()))
          .routes(new LatencyRoutes(metrics.history(), router::snapshot, clock))
          .routes(admin)
          .routes(new SettingsRoutes(settings))
          .sessionStore(sessions)
          .routes(new TokenRoutes(new CountTokensHandler(router, settings.countTokensMode(),
              settings.maxRequestBodyBytes())))
          .routes(new ModelRoutes(new ModelCatalog(new ModelLister(transport, clock, settings.modelsCacheTtl(),
              settings.modelsFetchTimeout()), router::snapshot))));
      FunctionCounter.builder("llmrouter.streams.io.thread", server, RouterServer::streamsServedOnIoThread)
          .description("streamed requests served on an IO thread to their end, without a worker")
          .register(metrics.prometheus().registry());
      FunctionCounter.builder("llmrouter.answers.io.thread", server, RouterServer::answersServedOnIoThread)
          .description("requests whose answer came whole served on an IO thread to their end, without a worker")
          .register(metrics.prometheus().registry());
      FunctionCounter.builder("llmrouter.front.requests", server, RouterServer::frontRequests)
          .description("proxied requests the server's own front took (the others went to Undertow)")
          .register(metrics.prometheus().registry());
      FunctionCounter.builder("llmrouter.front.handoffs", server, RouterServer::frontHandOffs)
          .description("connections the server's own front handed to Undertow")
          .register(metrics.prometheus().registry());
      return new ServerApp(settings, router, server, store, key, generated, metrics, shared);
    } catch (RuntimeException e) {
      if (store != null) store.close();
      if (shared != null) shared.close();
      metrics.close();
      throw e;
    }
  }

  /** The metrics service made on the start-up thread; its failure is rethrown as it was. */
  private static MetricsService started(java.util.concurrent.FutureTask<MetricsService> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(task);
      throw new IllegalStateException("interrupted while starting", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    }
  }

  /** Closes the metrics service once made, when start-up failed elsewhere. */
  private static void closeQuietly(java.util.concurrent.FutureTask<MetricsService> task) {
    try {
      task.get().close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
      // Nothing was made, or closing failed: nothing more to release.
    }
  }

  /** Swaps a new snapshot into the router and forgets the metrics of channels it no longer has. */
  private static void apply(Router router, MetricsService metrics, ChannelSnapshot next) {
    ChannelSnapshot previous = router.snapshot();
    router.setSnapshot(next);
    for (ApiKind kind : ApiKind.values()) {
      Set<String> kept = new HashSet<>();
      for (Channel c : next.channels(kind)) kept.add(c.id());
      for (Channel c : previous.channels(kind)) {
        if (!kept.contains(c.id())) metrics.forgetChannel(kind, c.id());
      }
    }
  }

  /** Every key the server knows: kept out of logged bodies wherever they appear. */
  private static List<String> knownSecrets(Router router, String accessKey, String adminKey) {
    List<String> out = new ArrayList<>();
    out.add(accessKey);
    if (!adminKey.isEmpty()) out.add(adminKey);
    ChannelSnapshot snap = router.snapshot();
    for (ApiKind kind : ApiKind.values()) {
      for (Channel c : snap.channels(kind)) out.addAll(c.apiKeys());
    }
    return out;
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
  public ChannelFile channelFile() { return channelStore.file(); }
  public ChannelStore channelStore() { return channelStore; }
  public MetricsService metrics() { return metrics; }
  public int port() { return server.port(); }

  /** The access key in force (the generated one when none was configured). */
  public String accessKey() { return accessKey; }

  /** True when no key was configured and one was generated for this run. */
  public boolean generatedKey() { return generatedKey; }

  @Override
  public void close() {
    server.close();
    channelStore.close();
    if (shared != null) shared.close();
    metrics.close();
  }
}
