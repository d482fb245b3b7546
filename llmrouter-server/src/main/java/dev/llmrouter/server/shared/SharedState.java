package dev.llmrouter.server.shared;

import dev.llmrouter.redis.RedisBackend;
import dev.llmrouter.redis.RedisSettings;
import dev.llmrouter.scheduler.StateStore;
import dev.llmrouter.server.config.ChannelStore;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.sessions.InMemorySessionStore;
import dev.llmrouter.server.sessions.SessionLimits;
import dev.llmrouter.server.sessions.SessionStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this instance shares with the others when {@code REDIS_URL} is set: the router's
 * {@link StateStore}, the Responses conversations, and the channel file's change notices, all over
 * one {@link RedisBackend}. Only made (and only loaded) when a Redis URL is configured. Thread-safe;
 * {@link #close()} releases the link.
 */
public final class SharedState implements AutoCloseable {
  private final RedisBackend backend;

  private SharedState(RedisBackend backend) {
    this.backend = backend;
  }

  /** Starts linking to Redis; returns at once, degraded while Redis cannot be reached. */
  public static SharedState connect(Settings.Redis redis) {
    return new SharedState(RedisBackend.connect(new RedisSettings(redis.url(), redis.keyPrefix(), redis.timeout())));
  }

  /** The router's state store. */
  public StateStore stateStore() {
    return backend.stateStore();
  }

  /** Conversations in Redis, with {@code local} beside them for when Redis is away. */
  public SessionStore sessions(SessionLimits limits, InMemorySessionStore local) {
    return new SharedSessionStore(backend.conversations(limits.maxIdle(), limits.maxItems(), limits.maxTokens(),
        limits.maxBytes(), limits.maxConversations(), limits.maxBytes()), local);
  }

  /**
   * Announces every change of the store to the other instances and applies theirs to it.
   *
   * @param store this instance's channel store
   */
  public void share(ChannelStore store) {
    backend.notices().subscribe(store::adoptPublished);
    store.onChange(backend.notices()::publish);
  }

  /**
   * {@code llmrouter_shared_state_degraded} (1 while Redis is unreachable) and
   * {@code llmrouter_shared_state_failures_total} (Redis commands that failed or timed out).
   */
  public void registerMetrics(MeterRegistry registry) {
    Gauge.builder("llmrouter_shared_state_degraded", backend, b -> b.isUp() ? 0 : 1)
        .description("1 while the shared Redis is unreachable and this instance routes on its own state")
        .register(registry);
    FunctionCounter.builder("llmrouter_shared_state_failures", backend, b -> b.failures())
        .description("Redis commands that failed or timed out")
        .register(registry);
  }

  @Override
  public void close() {
    backend.close();
  }
}
