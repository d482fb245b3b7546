package dev.llmrouter.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.llmrouter.server.sessions.SessionLimits;
import dev.llmrouter.server.tokens.CountTokensMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server's settings, read once at start-up from {@code reference.conf}, an optional
 * {@code application.conf} or {@code -Dconfig.file}, and the environment variables the original
 * proxy used (which win). Every value is checked; a bad one is refused with a message that names the
 * setting and its variable. Immutable.
 */
public record Settings(
    int port,
    String host,
    String accessKey,
    String adminAccessKey,
    Path configFile,
    Duration requestTimeout,
    Duration responseHeaderTimeout,
    Duration connectTimeout,
    Duration streamIdleTimeout,
    long maxRequestBodyBytes,
    String logLevel,
    boolean enableCors,
    String corsOrigin,
    int workerThreads,
    int workerQueue,
    int ioThreads,
    boolean attemptHeaders,
    Duration shutdownGrace,
    CountTokensMode countTokensMode,
    Duration modelsCacheTtl,
    Duration modelsFetchTimeout,
    SessionLimits sessionLimits,
    Scheduler scheduler,
    Path metricsDbFile,
    boolean metricsPersistenceEnabled,
    int metricsRetentionDays,
    boolean metricsPublic,
    Redis redis) {

  /**
   * The Redis that several instances share their state through.
   *
   * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://...} (TLS); empty
   *     means none: this instance shares nothing and no Redis class is loaded
   * @param keyPrefix put before every key and channel
   * @param timeout the longest wait for one Redis command
   */
  public record Redis(String url, String keyPrefix, Duration timeout) {
    /** True when a Redis URL is set. */
    public boolean enabled() {
      return !url.isEmpty();
    }
  }

  /**
   * Breaker, affinity and cooldown tunables of the router.
   *
   * @param windowSize results kept per channel x base URL x key
   * @param failureThreshold the failure ratio that opens a breaker, in (0, 1]
   * @param circuitRecovery how long a breaker stays open before a probe
   * @param affinityTtl how long a trace stays bound after its last use
   * @param affinityCapacity the most traces remembered per API kind
   */
  public record Scheduler(int windowSize, double failureThreshold, Duration circuitRecovery, Duration affinityTtl,
      int affinityCapacity) {}

  /** Environment variable to setting path. */
  static final Map<String, String> ENV = new LinkedHashMap<>();

  static {
    ENV.put("PORT", "port");
    ENV.put("LISTEN_HOST", "host");
    ENV.put("PROXY_ACCESS_KEY", "access-key");
    ENV.put("ADMIN_ACCESS_KEY", "admin-access-key");
    ENV.put("CONFIG_FILE", "config-file");
    ENV.put("REQUEST_TIMEOUT", "request-timeout-ms");
    ENV.put("RESPONSE_HEADER_TIMEOUT", "response-header-timeout-s");
    ENV.put("CONNECT_TIMEOUT", "connect-timeout-s");
    ENV.put("STREAM_IDLE_TIMEOUT", "stream-idle-timeout-s");
    ENV.put("MAX_REQUEST_BODY_SIZE_MB", "max-request-body-size-mb");
    ENV.put("LOG_LEVEL", "log-level");
    ENV.put("ENABLE_CORS", "enable-cors");
    ENV.put("CORS_ORIGIN", "cors-origin");
    ENV.put("WORKER_THREADS", "worker-threads");
    ENV.put("WORKER_QUEUE", "worker-queue");
    ENV.put("IO_THREADS", "io-threads");
    ENV.put("ATTEMPT_HEADERS", "attempt-headers");
    ENV.put("SHUTDOWN_GRACE_S", "shutdown-grace-s");
    ENV.put("COUNT_TOKENS_MODE", "count-tokens-mode");
    ENV.put("MODELS_CACHE_TTL_S", "models-cache-ttl-s");
    ENV.put("MODELS_FETCH_TIMEOUT_S", "models-fetch-timeout-s");
    ENV.put("RESPONSES_SESSION_TTL_H", "responses-session-ttl-h");
    ENV.put("RESPONSES_SESSION_MAX_ITEMS", "responses-session-max-items");
    ENV.put("RESPONSES_SESSION_MAX_TOKENS", "responses-session-max-tokens");
    ENV.put("RESPONSES_SESSION_MAX_COUNT", "responses-session-max-count");
    ENV.put("RESPONSES_SESSION_MAX_MB", "responses-session-max-mb");
    ENV.put("METRICS_WINDOW_SIZE", "metrics-window-size");
    ENV.put("METRICS_FAILURE_THRESHOLD", "metrics-failure-threshold");
    ENV.put("CIRCUIT_RECOVERY_MINUTES", "circuit-recovery-minutes");
    ENV.put("TRACE_AFFINITY_TTL_MINUTES", "trace-affinity-ttl-minutes");
    ENV.put("TRACE_AFFINITY_CAPACITY", "trace-affinity-capacity");
    ENV.put("METRICS_DB_FILE", "metrics-db-file");
    ENV.put("METRICS_PERSISTENCE_ENABLED", "metrics-persistence-enabled");
    ENV.put("METRICS_RETENTION_DAYS", "metrics-retention-days");
    ENV.put("METRICS_PUBLIC", "metrics-public");
    ENV.put("REDIS_URL", "redis-url");
    ENV.put("REDIS_KEY_PREFIX", "redis-key-prefix");
    ENV.put("REDIS_TIMEOUT_MS", "redis-timeout-ms");
  }

  /** Loads from the class path's configuration and the process environment (with {@code .env}). */
  public static Settings load(Map<String, String> environment) {
    ConfigFactory.invalidateCaches();
    return from(ConfigFactory.load(), environment);
  }

  /**
   * Reads settings from a configuration (its {@code llmrouter} block) with the environment over it.
   *
   * @throws SettingsException naming the first bad setting
   */
  public static Settings from(Config config, Map<String, String> environment) {
    Config c = config.withFallback(ConfigFactory.defaultReference());
    for (Map.Entry<String, String> e : ENV.entrySet()) {
      String value = environment.get(e.getKey());
      if (value != null) {
        c = c.withValue("llmrouter." + e.getValue(), ConfigValueFactory.fromAnyRef(value.strip(), "environment variable " + e.getKey()));
      }
    }
    Reader r = new Reader(c.getConfig("llmrouter"));
    String level = r.string("log-level").toLowerCase(Locale.ROOT);
    if (!level.equals("error") && !level.equals("warn") && !level.equals("info") && !level.equals("debug")) {
      throw r.bad("log-level", level, "one of error, warn, info, debug");
    }
    Path configFile = Path.of(r.nonEmpty("config-file"));
    String metricsDb = r.string("metrics-db-file").strip();
    String redisUrl = r.string("redis-url").strip();
    if (!redisUrl.isEmpty() && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
      throw r.bad("redis-url", redisUrl.replaceAll("//[^@/]*@", "//***@"),
          "redis://[user:password@]host:port[/db] or rediss://...");
    }
    return new Settings(
        r.intIn("port", 0, 65535),
        r.string("host"),
        r.string("access-key"),
        r.string("admin-access-key"),
        configFile,
        Duration.ofMillis(r.intIn("request-timeout-ms", 1000, 24 * 3600 * 1000)),
        Duration.ofSeconds(r.intIn("response-header-timeout-s", 1, 3600)),
        Duration.ofSeconds(r.intIn("connect-timeout-s", 1, 600)),
        Duration.ofSeconds(r.intIn("stream-idle-timeout-s", 1, 24 * 3600)),
        r.intIn("max-request-body-size-mb", 1, 4096) * 1024L * 1024L,
        level,
        r.bool("enable-cors"),
        r.string("cors-origin"),
        r.intIn("worker-threads", 1, 100_000),
        r.intIn("worker-queue", 0, 1_000_000),
        r.intIn("io-threads", 0, 1024),
        r.bool("attempt-headers"),
        Duration.ofSeconds(r.intIn("shutdown-grace-s", 0, 3600)),
        r.countTokensMode("count-tokens-mode"),
        Duration.ofSeconds(r.intIn("models-cache-ttl-s", 0, 24 * 3600)),
        Duration.ofSeconds(r.intIn("models-fetch-timeout-s", 1, 600)),
        new SessionLimits(Duration.ofHours(r.intIn("responses-session-ttl-h", 1, 24 * 365)),
            r.intIn("responses-session-max-items", 1, 1_000_000),
            r.intIn("responses-session-max-tokens", 1, Integer.MAX_VALUE),
            r.intIn("responses-session-max-count", 1, 10_000_000),
            r.intIn("responses-session-max-mb", 1, 1024 * 1024) * 1024L * 1024L,
            SessionLimits.DEFAULT.sweepInterval()),
        new Scheduler(r.intIn("metrics-window-size", 3, 1000), r.ratio("metrics-failure-threshold"),
            Duration.ofMinutes(r.intIn("circuit-recovery-minutes", 1, 24 * 60)),
            Duration.ofMinutes(r.intIn("trace-affinity-ttl-minutes", 1, 7 * 24 * 60)),
            r.intIn("trace-affinity-capacity", 1, 100_000_000)),
        metricsDb.isEmpty() ? configFile.resolveSibling("metrics.db") : Path.of(metricsDb),
        r.bool("metrics-persistence-enabled"),
        r.intIn("metrics-retention-days", 3, 30),
        r.bool("metrics-public"),
        new Redis(redisUrl, r.string("redis-key-prefix"), Duration.ofMillis(r.intIn("redis-timeout-ms", 10, 60_000))));
  }

  /** The environment variable that sets a setting path, for messages. */
  static String variableOf(String path) {
    for (Map.Entry<String, String> e : ENV.entrySet()) {
      if (e.getValue().equals(path)) return e.getKey();
    }
    return null;
  }

  /** Never shows the keys. */
  @Override
  public String toString() {
    return "Settings{port=" + port + ", host=" + host + ", configFile=" + configFile + ", accessKey="
        + (accessKey.isEmpty() ? "(generated)" : "(set)") + ", redis=" + (redis.enabled() ? "(set)" : "(none)") + "}";
  }

  private static final class Reader {
    private final Config c;

    Reader(Config c) {
      this.c = c;
    }

    SettingsException bad(String path, Object value, String expected) {
      String var = variableOf(path);
      String origin = c.hasPath(path) ? c.getValue(path).origin().description() : "default";
      return new SettingsException("bad setting llmrouter." + path + (var == null ? "" : " (" + var + ")")
          + ": expected " + expected + ", got '" + value + "' from " + origin);
    }

    String string(String path) {
      try {
        return c.getString(path);
      } catch (ConfigException e) {
        throw bad(path, c.hasPath(path) ? c.getValue(path).unwrapped() : "nothing", "a string");
      }
    }

    String nonEmpty(String path) {
      String s = string(path);
      if (s.isBlank()) throw bad(path, s, "a non-empty value");
      return s;
    }

    int intIn(String path, int min, int max) {
      String raw = String.valueOf(c.getValue(path).unwrapped()).strip();
      int value;
      try {
        value = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw bad(path, raw, "an integer from " + min + " to " + max);
      }
      if (value < min || value > max) throw bad(path, raw, "an integer from " + min + " to " + max);
      return value;
    }

    CountTokensMode countTokensMode(String path) {
      String raw = string(path);
      try {
        return CountTokensMode.parse(raw);
      } catch (IllegalArgumentException e) {
        throw bad(path, raw, "local or upstream");
      }
    }

    /** A number greater than 0 and at most 1. */
    double ratio(String path) {
      String raw = String.valueOf(c.getValue(path).unwrapped()).strip();
      try {
        double value = Double.parseDouble(raw);
        if (value > 0 && value <= 1) return value;
      } catch (NumberFormatException e) {
        // refused below
      }
      throw bad(path, raw, "a number greater than 0 and at most 1");
    }

    boolean bool(String path) {
      String raw = String.valueOf(c.getValue(path).unwrapped()).strip().toLowerCase(Locale.ROOT);
      if (raw.equals("true")) return true;
      if (raw.equals("false")) return false;
      throw bad(path, raw, "true or false");
    }
  }
}
