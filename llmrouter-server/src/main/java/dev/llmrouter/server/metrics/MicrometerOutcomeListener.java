package dev.llmrouter.server.metrics;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.OutcomeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Binds router outcomes to any Micrometer {@link MeterRegistry}, so an application that embeds the
 * router can export them with its own registry: pass an instance to
 * {@code Router.Builder.outcomeListener} (or forward to it from a {@code MetricsRecorder}).
 *
 * <p>Meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code llmrouter.requests} [{@code llmrouter_requests_total}], tags {@code kind}, {@code channel},
 *       {@code status_class} ({@code 2xx}, {@code 4xx}, {@code 5xx}, {@code none}), {@code outcome}
 *       ({@code success}, {@code failure}, {@code client_error}, {@code cancelled});
 *   <li>{@code llmrouter.request.duration} [{@code llmrouter_request_duration_seconds}], a histogram of
 *       total attempt time, tags {@code kind}, {@code channel}, {@code outcome};
 *   <li>{@code llmrouter.request.first_token} [{@code llmrouter_request_first_token_seconds}], a histogram
 *       of time to first byte, tags {@code kind}, {@code channel};
 *   <li>{@code llmrouter.tokens} [{@code llmrouter_tokens_total}], tags {@code kind}, {@code channel},
 *       {@code type} ({@code input}, {@code output}, {@code cache_read}, {@code cache_creation}).
 * </ul>
 * Tags use the channel's stable id; models are not a tag, as clients choose them freely.
 *
 * <p>This class is thread-safe; meters are looked up once per tag combination and cached.
 */
public final class MicrometerOutcomeListener implements OutcomeListener {
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

  private final MeterRegistry registry;
  private final ConcurrentHashMap<MeterKey, Meters> meters = new ConcurrentHashMap<>();

  private record MeterKey(String kind, String channel, String statusClass, String outcome) {}

  private record Meters(Counter requests, Timer duration, Timer firstToken, Counter input, Counter output,
      Counter cacheRead, Counter cacheCreation) {}

  public MicrometerOutcomeListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void onOutcome(AttemptOutcome o) {
    String channel = o.channelId() == null ? "none" : o.channelId();
    MeterKey key = new MeterKey(o.kind().pathName(), channel, statusClass(o.status()),
        o.result().name().toLowerCase(Locale.ROOT));
    Meters m = meters.computeIfAbsent(key, this::create);
    m.requests().increment();
    m.duration().record(o.totalNanos(), TimeUnit.NANOSECONDS);
    if (o.firstByteNanos() >= 0) m.firstToken().record(o.firstByteNanos(), TimeUnit.NANOSECONDS);
    Usage u = o.usage();
    if (u != null) {
      if (u.inputTokens() > 0) m.input().increment(u.inputTokens());
      if (u.outputTokens() > 0) m.output().increment(u.outputTokens());
      if (u.cacheReadTokens() > 0) m.cacheRead().increment(u.cacheReadTokens());
      if (u.cacheCreationTokens() > 0) m.cacheCreation().increment(u.cacheCreationTokens());
    }
  }

  private Meters create(MeterKey k) {
    Counter requests = Counter.builder("llmrouter.requests").description("Upstream attempts")
        .tags("kind", k.kind(), "channel", k.channel(), "status_class", k.statusClass(), "outcome", k.outcome())
        .register(registry);
    Timer duration = Timer.builder("llmrouter.request.duration").description("Total time of upstream attempts")
        .tags("kind", k.kind(), "channel", k.channel(), "outcome", k.outcome())
        .serviceLevelObjectives(BUCKETS).register(registry);
    Timer firstToken = Timer.builder("llmrouter.request.first_token")
        .description("Time to the first byte of upstream answers")
        .tags("kind", k.kind(), "channel", k.channel())
        .serviceLevelObjectives(BUCKETS).register(registry);
    return new Meters(requests, duration, firstToken, tokens(k, "input"), tokens(k, "output"),
        tokens(k, "cache_read"), tokens(k, "cache_creation"));
  }

  private Counter tokens(MeterKey k, String type) {
    return Counter.builder("llmrouter.tokens").description("Tokens reported by upstream answers")
        .tags("kind", k.kind(), "channel", k.channel(), "type", type).register(registry);
  }

  static String statusClass(int status) {
    if (status < 100 || status > 599) return "none";
    return (status / 100) + "xx";
  }
}
