package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.outcome.OutcomeListener;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.config.ConfigCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes client requests to upstream channels: picks a channel (promotion, trace affinity,
 * priority and weight, breakers), a base URL and a key, calls the channel's {@link Provider}, fails
 * over as the {@link FailoverPolicy} decides, and hands back the answer in the client's protocol.
 * Every attempt is reported to the outcome listener; breakers, cooldowns and affinity learn from
 * the same attempts. Usable without any server.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .providers(Providers.standard(HttpTransport.createDefault()))
 *     .fromConfigFile(Path.of("config.json"))
 *     .build();
 * Answer answer = router.messages().send(json);
 * }</pre>
 *
 * <p>This class is thread-safe. Its configuration is fixed when it is built; only the channel list
 * can be replaced at any time with {@link #setSnapshot}: a request keeps the snapshot it started
 * with, and runtime state is keyed by channel id, so reordering channels loses nothing. All state
 * (breakers, cooldowns, affinity) belongs to this instance: two routers in one JVM share nothing
 * but what they were given (such as an OkHttp client, or a shared {@link StateStore}, through which
 * routers in several processes share their breakers, cooldowns and affinity). A router holds no thread and no connection
 * of its own, so it needs no closing; the HTTP client inside its providers belongs to whoever made it.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  final Map<String, Provider> providers;
  final AtomicReference<ChannelSnapshot> snapshot;
  final RouterSettings settings;
  final Clock clock;
  final LongSupplier nanoTime;
  final OutcomeListener listener;
  final Consumer<ChannelSnapshot> snapshotListener;
  final FailoverPolicy policy = new FailoverPolicy();
  final ChannelHealth health;
  final TraceAffinity affinity;
  final ChannelSelector selector;
  final KeyLabels keyLabels = new KeyLabels(4096);
  final StateStore stateStore;
  /** The bridge to the shared state, or null when the store shares nothing. */
  final StateSync sync;
  final Executor executor;
  private final ClientApi messages;
  private final ClientApi responses;
  private final GeminiApi gemini;

  private Router(Builder b) {
    this.providers = Map.copyOf(b.providers);
    this.snapshot = new AtomicReference<>(b.snapshot);
    this.settings = b.settings;
    this.clock = b.clock;
    this.nanoTime = b.nanoTime;
    this.listener = b.listener;
    this.snapshotListener = b.snapshotListener;
    this.stateStore = b.stateStore;
    this.sync = stateStore.isShared() ? new StateSync(stateStore, keyLabels, snapshot::get) : null;
    this.health = new ChannelHealth(settings, sync);
    if (sync != null) sync.attach(health);
    this.affinity = new TraceAffinity(settings.affinityTtl(), settings.affinityCapacity(), stateStore);
    this.selector = new ChannelSelector(providers, health, affinity, b.random, b.rule);
    this.executor = b.executor;
    this.messages = new ClientApi(this, ApiKind.MESSAGES);
    this.responses = new ClientApi(this, ApiKind.RESPONSES);
    this.gemini = new GeminiApi(this);
  }

  /**
   * A new builder: no providers, no channels, {@link RouterSettings#DEFAULT}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Anthropic Messages calls ({@code POST /v1/messages}) in process, such as
   * {@code router.messages().send(json)}.
   *
   * @return the Messages calls of this router (one instance, thread-safe)
   */
  public ClientApi messages() {
    return messages;
  }

  /**
   * OpenAI Responses calls ({@code POST /v1/responses}) in process.
   *
   * @return the Responses calls of this router (one instance, thread-safe)
   */
  public ClientApi responses() {
    return responses;
  }

  /**
   * Gemini calls ({@code generateContent}, {@code streamGenerateContent}) in process.
   *
   * @return the Gemini calls of this router (one instance, thread-safe)
   */
  public GeminiApi gemini() {
    return gemini;
  }

  /**
   * The channels in use now.
   *
   * @return the current snapshot (immutable)
   */
  public ChannelSnapshot snapshot() {
    return snapshot.get();
  }

  /**
   * Replaces the channels; requests in flight finish on the snapshot they started with. State of
   * channels, keys and base URLs that are gone is dropped, and traces bound to channels that are
   * gone, disabled or suspended are forgotten.
   *
   * @param next the new channels and fuzzy mode
   * @throws NullPointerException when {@code next} is null
   */
  public void setSnapshot(ChannelSnapshot next) {
    snapshot.set(Objects.requireNonNull(next, "next"));
    forgetStale(next);
  }

  private void forgetStale(ChannelSnapshot next) {
    health.retain(next);
    keyLabels.retain(next);
    for (ApiKind kind : ApiKind.values()) {
      Set<String> active = new HashSet<>();
      for (Channel c : next.channels(kind)) {
        if (c.isActive()) active.add(c.id());
      }
      affinity.retainChannels(kind, active);
    }
  }

  /**
   * The settings this router was built with.
   *
   * @return the settings (immutable)
   */
  public RouterSettings settings() {
    return settings;
  }

  /**
   * Routes one request: the low-level call the HTTP server uses; applications usually call
   * {@link #messages()}, {@link #responses()} or {@link #gemini()} instead. Blocks the calling thread
   * until the upstream's answer starts (for a stream: until its first event, so that a stream
   * failing before its first byte can still fail over). Failures of channels are answers, not
   * exceptions: when every channel fails the answer is the error the server would send.
   *
   * @param request build it with {@link Requests}
   * @param cancel fires when the client goes away; the upstream call is cancelled and no further
   *     attempt is made
   * @return the answer, which the caller owns and must close; never null
   */
  public RoutedResponse route(ClientRequest request, CancelSignal cancel) {
    return begin(request, cancel).run();
  }

  /**
   * Starts routing one request step by step, for a caller that makes some attempts itself, such as
   * a server that sends them without blocking a thread: the same routing as {@link #route}, with
   * the same channels, keys, failover and outcomes, whoever makes each attempt (see
   * {@link Routing}). Nothing is picked or sent before the first {@link Routing#next()} or
   * {@link Routing#run()}. Failures of channels are answers, not exceptions: when every channel
   * fails the answer is the error the server would send.
   *
   * @param request build it with {@link Requests}
   * @param cancel fires when the client goes away; the upstream call is cancelled and no further
   *     attempt is made
   * @return the request's routing, used by one thread at a time; never null
   */
  public Routing begin(ClientRequest request, CancelSignal cancel) {
    return new Routing(new RequestRun(this, request, cancel, snapshot.get()));
  }

  /**
   * Closes every breaker of a channel and clears its key and base URL cooldowns at once (manual
   * resume).
   *
   * @param kind the client API whose channel it is
   * @param channelId the channel's id
   * @return false when the kind has no channel with that id
   */
  public boolean resume(ApiKind kind, String channelId) {
    boolean known = snapshot.get().find(kind, channelId).isPresent();
    health.resume(kind, channelId);
    if (known) log.info("[Scheduler-Resume] kind={} channel={} breakers closed", kind.pathName(), channelId);
    return known;
  }

  /**
   * Whether this router shares its routing state with others, and whether that store is degraded.
   *
   * @return the status of the router's {@link StateStore}
   */
  public StateStore.Status stateStatus() {
    return stateStore.status();
  }

  /**
   * The scheduler's state for one kind: the original's fields ({@code multiChannelMode},
   * {@code activeChannelCount}, {@code traceAffinityCount}, {@code traceAffinityTTL},
   * {@code failureThreshold} in percent, {@code windowSize}, {@code circuitRecoveryTime}) and, per
   * channel, health, breakers per base URL and key (keys masked and fingerprinted), cooldowns and
   * affinity count. Never shows a key.
   *
   * @param kind the client API
   * @return a new JSON object the caller may keep or change
   */
  public JsonObject schedulerStats(ApiKind kind) {
    return SchedulerStats.of(this, kind);
  }

  /**
   * Whether a channel could take an attempt now, as routing sees it: active, with a key and a base
   * URL, and some base URL x key whose breaker admits a call and whose key is not cooling down.
   *
   * @param kind the client API whose channel it is
   * @param channel the channel
   * @return true when a request could be sent to it now
   */
  public boolean canServe(ApiKind kind, Channel channel) {
    return channel.isActive() && !channel.apiKeys().isEmpty() && !channel.allBaseUrls().isEmpty()
        && health.isHealthy(kind, channel, clock.instant());
  }

  /**
   * Moves keys that failed for quota to the end of their channel's list, on the live snapshot, and
   * tells the snapshot listener. Called after another key of the same channel succeeded.
   */
  void demote(ApiKind kind, String channelId, List<String> quotaKeys) {
    while (true) {
      ChannelSnapshot current = snapshot.get();
      Optional<Channel> found = current.find(kind, channelId);
      if (found.isEmpty()) return;
      Channel c = found.get();
      List<String> keys = new ArrayList<>(c.apiKeys());
      boolean changed = false;
      for (String key : quotaKeys) {
        int at = keys.indexOf(key);
        if (at < 0 || at == keys.size() - 1) continue;
        keys.remove(at);
        keys.add(key);
        changed = true;
      }
      if (!changed) return;
      Channel moved = c.toBuilder().apiKeys(keys).build();
      List<Channel> list = new ArrayList<>(current.channels(kind));
      list.replaceAll(x -> x.id().equals(channelId) ? moved : x);
      ChannelSnapshot next = current.withChannels(kind, list);
      if (snapshot.compareAndSet(current, next)) {
        log.info("[Scheduler-Demote] kind={} channel={} moved {} quota-failed key(s) to the end", kind.pathName(),
            channelId, quotaKeys.size());
        try {
          snapshotListener.accept(next);
        } catch (RuntimeException e) {
          log.warn("[Scheduler-Demote] snapshot listener failed: {}", e.toString());
        }
        return;
      }
    }
  }

  private static void startThread(Runnable task) {
    Thread t = new Thread(task, "llmrouter-call");
    t.setDaemon(true);
    t.start();
  }

  /** Builds a {@link Router}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private ChannelSnapshot snapshot = ChannelSnapshot.empty();
    private RouterSettings settings = RouterSettings.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private OutcomeListener listener = OutcomeListener.NONE;
    private Consumer<ChannelSnapshot> snapshotListener = s -> {};
    private RandomGenerator random = new java.util.SplittableRandom();
    private SelectionRule rule;
    private Executor executor = Router::startThread;
    private StateStore stateStore = StateStore.local();

    private Builder() {}

    /**
     * Where routing state (affinity, breakers, cooldowns) is shared with other routers. Default:
     * {@link StateStore#local()}, nothing shared. The router subscribes to the store when built
     * and never closes it: its maker does. Use one store per router.
     *
     * @param store the store
     * @return this builder
     */
    public Builder stateStore(StateStore store) {
      this.stateStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Uses the channels of a channel file in the server's {@code config.json} format (lists
     * {@code upstream}, {@code responsesUpstream}, {@code geminiUpstream}, and
     * {@code fuzzyModeEnabled}), read now with {@link ConfigCodec}. The file is not written back:
     * channels without an {@code id} get a new random one on every read.
     *
     * @param file the channel file
     * @return this builder
     * @throws UncheckedIOException when the file cannot be read
     * @throws dev.llmrouter.api.config.ConfigException naming the field when the file is invalid
     */
    public Builder fromConfigFile(Path file) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      return snapshot(new ConfigCodec().read(bytes).snapshot());
    }

    /**
     * Adds providers keyed by their {@code serviceType}; a later one replaces an earlier one.
     *
     * @param providers providers by service type
     * @return this builder
     */
    public Builder providers(Map<String, Provider> providers) {
      this.providers.putAll(providers);
      return this;
    }

    /**
     * Adds a provider for its {@code serviceType}, replacing an earlier one of the same type.
     *
     * @param provider the provider; thread-safe, shared by all requests
     * @return this builder
     */
    public Builder provider(Provider provider) {
      this.providers.put(provider.serviceType(), provider);
      return this;
    }

    /**
     * The channels and the fuzzy mode to start with (replaceable later with
     * {@link Router#setSnapshot}). Default: none.
     *
     * @param snapshot the channels
     * @return this builder
     */
    public Builder snapshot(ChannelSnapshot snapshot) {
      this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
      return this;
    }

    /**
     * Timeouts, breaker, cooldown and affinity parameters. Default: {@link RouterSettings#DEFAULT}.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder settings(RouterSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The wall clock of breakers, cooldowns, affinity and promotions.
     *
     * @param clock the wall clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The monotonic clock of attempt durations.
     *
     * @param nanoTime a monotonic nanosecond source, such as {@code System::nanoTime}
     * @return this builder
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Receives one event per upstream attempt, on the request's thread (see
     * {@link OutcomeListener}). Default: none.
     *
     * @param listener fast, must not throw
     * @return this builder
     */
    public Builder outcomeListener(OutcomeListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Receives every snapshot the router changes itself (a quota-failed key moved to the end of its
     * list), on the request's thread; it must be fast (persist in the background) and not throw.
     *
     * @param listener fast, must not throw
     * @return this builder
     */
    public Builder snapshotChangeListener(Consumer<ChannelSnapshot> listener) {
      this.snapshotListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The random source of weighted picks (seed it in tests); the router serialises its use.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Replaces the router's priority-and-weight order with a custom rule (see {@link SelectionRule}).
     * Default: none, the router's own order.
     *
     * @param rule thread-safe, fast, must not throw
     * @return this builder
     */
    public Builder selectionRule(SelectionRule rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Runs the asynchronous calls ({@link ClientApi#sendAsync}); each call blocks one of its threads
     * while the upstream answers. The router never shuts it down: its owner does. Default: a new
     * daemon thread per call.
     *
     * @param executor runs one task per asynchronous call
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the router; the builder may be reused, and changing it later does not change the router.
     *
     * @return a new router
     */
    public Router build() {
      Router r = new Router(this);
      r.forgetStale(r.snapshot.get());
      if (r.sync != null) r.stateStore.subscribe(r.sync::apply);
      return r;
    }
  }
}
