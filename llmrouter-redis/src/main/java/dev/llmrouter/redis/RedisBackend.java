package dev.llmrouter.redis;

import dev.llmrouter.scheduler.StateStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One router's link to a shared Redis: one multiplexed command connection, one pub/sub connection,
 * and one daemon thread that connects, reconnects, resynchronises and hands received messages on.
 * It never fails its caller because Redis is away: {@link #connect} returns at once even when Redis
 * cannot be reached (the link keeps trying every second), commands are refused at once while the
 * link is down and time out after {@link RedisSettings#timeout()} when Redis is slow, and the link
 * reports itself degraded ({@link #status()}, one warning in the log) until Redis answers again;
 * then every {@linkplain #onReconnect reconnection task} runs so users can catch up.
 *
 * <p>Lettuce rather than Jedis: one thread-safe connection serves every request thread with
 * pipelined asynchronous commands (no pool to size, no borrowed connection per request), and it
 * reconnects and re-subscribes pub/sub channels by itself.
 *
 * <p>The parts built on it: {@link #stateStore()} (routing state), {@link #conversations} (Responses
 * conversations) and {@link #notices()} (configuration change notices). Thread-safe; {@link #close()}
 * releases the connections and threads.
 */
public final class RedisBackend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisBackend.class);
  /** How often the first connection is retried while Redis cannot be reached. */
  private static final Duration RETRY = Duration.ofSeconds(1);
  /** Timeouts in a row after which Redis counts as slow. */
  private static final int SLOW_AFTER = 3;
  /** The longest wait for a connection to open (at least the command timeout). */
  private static final Duration CONNECT = Duration.ofSeconds(2);

  private final RedisSettings settings;
  private final String instanceId = UUID.randomUUID().toString();
  private final ClientResources resources;
  private final RedisClient client;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean up = new AtomicBoolean(false);
  private final AtomicBoolean warned = new AtomicBoolean(false);
  private final AtomicLong failures = new AtomicLong();
  /** Commands in a row that Redis did not answer within the timeout. */
  private final AtomicLong timeoutsInRow = new AtomicLong();
  /** True while Redis answers too slowly (several timeouts in a row): reads on the request path are skipped. */
  private volatile boolean slow;
  private final Map<String, Consumer<String>> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, Runnable> reconnectTasks = new ConcurrentHashMap<>();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private volatile String downSince;
  private volatile boolean closed;
  private RedisStateStore stateStore;
  private RedisNotices notices;

  private RedisBackend(RedisSettings settings) {
    this.settings = settings;
    this.resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(1)
        // Back soon after Redis is: the first retries come fast, then at most every 2 s.
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
        .build();
    RedisURI uri = RedisURI.create(settings.url());
    // The URI's timeout bounds connecting (and the handshake), which may take longer than one
    // command on a cold or busy JVM; commands have their own timeout below. Nothing waits on it.
    Duration connect = settings.timeout().compareTo(CONNECT) > 0 ? settings.timeout() : CONNECT;
    uri.setTimeout(connect);
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        // While the link is down a command fails at once instead of queueing behind the reconnect.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(connect).keepAlive(true).build())
        .build());
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (RedisBackend.this.connection != null) execute(RedisBackend.this::checkUp);
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        markDown("connection lost");
      }
    });
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llmrouter-redis");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts linking to Redis and returns at once; while Redis cannot be reached the link is degraded
   * and retried every second.
   */
  public static RedisBackend connect(RedisSettings settings) {
    RedisBackend backend = new RedisBackend(Objects.requireNonNull(settings, "settings"));
    backend.stateStore = new RedisStateStore(backend);
    backend.notices = new RedisNotices(backend);
    backend.downSince = Instant.now().toString();
    backend.execute(backend::firstConnect);
    return backend;
  }

  /** The routing state store of this link (one per link: give it to one router). */
  public StateStore stateStore() {
    return stateStore;
  }

  /** Configuration change notices through this link. */
  public RedisNotices notices() {
    return notices;
  }

  /**
   * Responses conversations kept in Redis under the given bounds.
   *
   * @param maxIdle a conversation's life after its last use
   * @param maxItems, maxTokens, maxBytes the most one conversation may hold; a turn beyond is not kept
   * @param maxCount the most responses kept; the least recently used go first
   * @param maxTotalBytes the most item bytes kept over all responses
   */
  public RedisConversations conversations(Duration maxIdle, int maxItems, long maxTokens, long maxBytes, int maxCount,
      long maxTotalBytes) {
    return new RedisConversations(this, maxIdle, maxItems, maxTokens, maxBytes, maxCount, maxTotalBytes);
  }

  public RedisSettings settings() {
    return settings;
  }

  /** True while Redis answers in time. */
  public boolean isUp() {
    return up.get() && !slow;
  }

  /** True while Redis answers too slowly; reads that a request would wait for are skipped. */
  boolean isSlow() {
    return slow;
  }

  /** Commands that failed or timed out since start. */
  public long failures() {
    return failures.get();
  }

  /** Up or degraded, with a detail for health pages; never shows the password. */
  public StateStore.Status status() {
    if (up.get() && slow) {
      return new StateStore.Status(true, true, "redis " + settings.safeUrl() + " slower than "
          + settings.timeout().toMillis() + " ms; serving from local state");
    }
    if (up.get()) return new StateStore.Status(true, false, "redis " + settings.safeUrl() + " connected");
    return new StateStore.Status(true, true,
        "redis " + settings.safeUrl() + " unreachable since " + downSince + "; serving from local state");
  }

  // ---- for the parts

  String key(String name) {
    return settings.keyPrefix() + name;
  }

  String instanceId() {
    return instanceId;
  }

  /** The async commands, or null while the link is down (then nothing is sent). */
  RedisAsyncCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null && up.get() ? c.async() : null;
  }

  /** Counts a failed fire-and-forget command and marks the link down when it was a connection problem. */
  <T> void watch(CompletionStage<T> stage) {
    stage.whenComplete((v, e) -> {
      if (e != null) {
        failed(e);
      } else {
        answered();
      }
    });
  }

  void failed(Throwable e) {
    failures.incrementAndGet();
    log.debug("[Redis-Command] failed: {}", e.toString());
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException || cause instanceof io.lettuce.core.RedisCommandTimeoutException) {
      if (timeoutsInRow.incrementAndGet() >= SLOW_AFTER && !slow && up.get()) {
        slow = true;
        if (!warned.getAndSet(true)) {
          log.warn("[Redis-Link] {} answers slower than {} ms; requests go on with this instance's own state "
              + "until it is fast again", settings.safeUrl(), settings.timeout().toMillis());
        }
      }
    }
  }

  /** A command was answered in time: Redis is not slow (any more). */
  private void answered() {
    timeoutsInRow.set(0);
    if (slow) {
      slow = false;
      if (up.get() && warned.getAndSet(false)) {
        log.info("[Redis-Link] {} answers in time again", settings.safeUrl());
      }
    }
  }

  /**
   * Waits for a command's answer up to the timeout.
   *
   * @throws RedisUnavailableException when the link is down, Redis is slower than the timeout, or the
   *     command failed
   */
  <T> T await(CompletionStage<T> stage) {
    return await(stage, settings.timeout());
  }

  /** {@link #await(CompletionStage)} with a wait of at most {@code wait} (and never past the timeout). */
  <T> T await(CompletionStage<T> stage, Duration wait) {
    long millis = Math.min(wait.toMillis(), settings.timeout().toMillis());
    try {
      T value = stage.toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
      answered();
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisUnavailableException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      failed(e);
      throw new RedisUnavailableException("redis did not answer: " + e, e);
    }
  }

  /** Receives the messages of one pub/sub channel (the key prefix is added), on the link's thread. */
  void subscribe(String channel, Consumer<String> handler) {
    String name = key(channel);
    subscriptions.put(name, handler);
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (p != null && up.get()) subscribeNow(p, name);
  }

  /** Subscribes, and tries again a second later when Redis did not confirm in time. */
  private void subscribeNow(StatefulRedisPubSubConnection<String, String> p, String name) {
    p.async().subscribe(name).whenComplete((v, e) -> {
      if (e == null || closed) return;
      failed(e);
      try {
        worker.schedule(() -> {
          if (pubsub == p && p.isOpen()) subscribeNow(p, name);
        }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closedMeanwhile) {
        // Closed meanwhile.
      }
    });
  }

  /** Runs after every (re)connection, on the link's thread (also after the first one). */
  void onReconnect(String name, Runnable task) {
    reconnectTasks.put(name, task);
    if (up.get()) execute(task);
  }

  /** Runs a task every {@code period} on the link's thread, until closed. */
  void every(Duration period, Runnable task) {
    worker.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("[Redis-Task] failed: {}", e.toString());
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  void execute(Runnable task) {
    if (closed) return;
    try {
      worker.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("[Redis-Task] failed: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  // ---- the link

  private void firstConnect() {
    if (closed) return;
    StatefulRedisConnection<String, String> c = null;
    StatefulRedisPubSubConnection<String, String> p = null;
    try {
      c = client.connect();
      p = client.connectPubSub();
      p.addListener(new RedisPubSubAdapter<String, String>() {
        @Override
        public void message(String channel, String message) {
          Consumer<String> handler = subscriptions.get(channel);
          if (handler != null) execute(() -> handler.accept(message));
        }
      });
      connection = c;
      pubsub = p;
      markUp(); // subscribes the channels
    } catch (RuntimeException e) {
      if (c != null) c.closeAsync();
      if (p != null) p.closeAsync();
      markDown(e.getMessage());
      if (!closed) {
        try {
          worker.schedule(this::firstConnect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
          // Closed meanwhile.
        }
      }
    }
  }

  /** After Lettuce reconnected: up once both connections are open again (pub/sub re-subscribed). */
  private void checkUp() {
    StatefulRedisConnection<String, String> c = connection;
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (c != null && p != null && c.isOpen() && p.isOpen()) markUp();
  }

  private void markUp() {
    if (closed || !up.compareAndSet(false, true)) return;
    slow = false;
    timeoutsInRow.set(0);
    if (warned.getAndSet(false)) {
      log.info("[Redis-Link] {} reachable again; shared state resynchronised", settings.safeUrl());
    } else {
      log.info("[Redis-Link] connected to {} (key prefix '{}')", settings.safeUrl(), settings.keyPrefix());
    }
    // Lettuce re-subscribes what it had; a channel added while the link was down is subscribed here.
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (p != null) {
      for (String name : subscriptions.keySet()) subscribeNow(p, name);
    }
    for (Runnable task : reconnectTasks.values()) execute(task);
  }

  private void markDown(String why) {
    if (closed) return;
    if (up.getAndSet(false) || downSince == null) downSince = Instant.now().toString();
    if (!warned.getAndSet(true)) {
      log.warn("[Redis-Link] {} unreachable ({}); requests go on with this instance's own state until it is back",
          settings.safeUrl(), why);
    }
  }

  @Override
  public void close() {
    closed = true;
    up.set(false);
    worker.shutdownNow();
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    StatefulRedisConnection<String, String> c = connection;
    if (p != null) p.close();
    if (c != null) c.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
