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
    Upstream upstream,
    String logLevel,
    boolean enableCors,
    String corsOrigin,
    int workerThreads,
    int workerQueue,
    int maxConcurrentRequests,
    int ioThreads,
    int clientSendBufferKb,
    boolean attemptHeaders,
    boolean streamsOnIoThread,
    boolean front,
    Duration shutdownGrace,
    Duration streamPing,
    CountTokensMode countTokensMode,
    Duration modelsCacheTtl,
    Duration modelsFetchTimeout,
    SessionLimits sessionLimits,
    Scheduler scheduler,
    Path metricsDbFile,
    boolean metricsPersistenceEnabled,
    int metricsRetentionDays,
    boolean metricsPublic,
    boolean conversionStrict,
    boolean enableWebUi,
    Logging logging,
    Redis redis) {

  /**
   * Where and how the standalone server logs, and what it logs beyond the access lines. Only
   * {@code Main} applies the backend part (an embedder's own logging is never touched).
   *
   * @param dir the directory of the log file; empty: no file
   * @param file the log file's name inside {@code dir}
   * @param maxSizeBytes the size at which the file is rotated
   * @param maxBackups rotated files kept
   * @param maxAgeDays days rotated files are kept
   * @param compress gzip rotated files
   * @param toConsole also write to standard output
   * @param json one JSON object per line instead of text lines
   * @param quietPolling keep GET requests of the console's polling routes out of the log
   * @param requestBodies log each proxied request's body (secrets removed, long strings cut)
   * @param responseBodies log each answer's body or streamed events (the same way)
   */
  public record Logging(String dir, String file, long maxSizeBytes, int maxBackups, int maxAgeDays,
      boolean compress, boolean toConsole, boolean json, boolean quietPolling, boolean requestBodies,
      boolean responseBodies) {

    /** Console only, text, polling quiet, no bodies: what an embedded server does by default. */
    public static final Logging DEFAULT = new Logging("", "app.log", 100L * 1024 * 1024, 10, 30, true, true, false,
        true, false, false);

    /** The log file, or null when no file is written. */
    public Path path() {
      return dir.isBlank() ? null : Path.of(dir).resolve(file);
    }
  }

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

  /**
   * How upstream connections and answers are held.
   *
   * @param idleKeepAlive how long an idle pooled upstream connection is kept
   * @param maxSseEventBytes the largest SSE line or event read from an upstream stream
   * @param maxResponseBodyBytes the largest non-streamed upstream answer held in memory
   */
  public record Upstream(Duration idleKeepAlive, long maxSseEventBytes, long maxResponseBodyBytes) {}

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
    ENV.put("UPSTREAM_IDLE_KEEPALIVE_S", "upstream-idle-keepalive-s");
    ENV.put("MAX_SSE_EVENT_MB", "max-sse-event-mb");
    ENV.put("MAX_RESPONSE_BODY_MB", "max-response-body-mb");
    ENV.put("LOG_LEVEL", "log-level");
    ENV.put("ENABLE_CORS", "enable-cors");
    ENV.put("CORS_ORIGIN", "cors-origin");
    ENV.put("WORKER_THREADS", "worker-threads");
    ENV.put("WORKER_QUEUE", "worker-queue");
    ENV.put("MAX_CONCURRENT_REQUESTS", "max-concurrent-requests");
    ENV.put("IO_THREADS", "io-threads");
    ENV.put("CLIENT_SEND_BUFFER_KB", "client-send-buffer-kb");
    ENV.put("ATTEMPT_HEADERS", "attempt-headers");
    ENV.put("STREAMS_ON_IO_THREAD", "streams-on-io-thread");
    ENV.put("FRONT", "front");
    ENV.put("SHUTDOWN_GRACE_S", "shutdown-grace-s");
    ENV.put("STREAM_PING_S", "stream-ping-s");
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
    ENV.put("CONVERSION_STRICT", "conversion-strict");
    ENV.put("ENABLE_WEB_UI", "enable-web-ui");
    ENV.put("LOG_DIR", "log-dir");
    ENV.put("LOG_FILE", "log-file");
    ENV.put("LOG_MAX_SIZE", "log-max-size");
    ENV.put("LOG_MAX_BACKUPS", "log-max-backups");
    ENV.put("LOG_MAX_AGE", "log-max-age");
    ENV.put("LOG_COMPRESS", "log-compress");
    ENV.put("LOG_TO_CONSOLE", "log-to-console");
    ENV.put("LOG_FORMAT", "log-format");
    ENV.put("QUIET_POLLING_LOGS", "quiet-polling-logs");
    ENV.put("ENABLE_REQUEST_LOGS", "enable-request-logs");
    ENV.put("ENABLE_RESPONSE_LOGS", "enable-response-logs");
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
        new Upstream(Duration.ofSeconds(r.intIn("upstream-idle-keepalive-s", 1, 3600)),
            r.intIn("max-sse-event-mb", 1, 1024) * 1024L * 1024L,
            r.intIn("max-response-body-mb", 1, 4096) * 1024L * 1024L),
        level,
        r.bool("enable-cors"),
        r.string("cors-origin"),
        r.intIn("worker-threads", 1, 100_000),
        r.intIn("worker-queue", 0, 1_000_000),
        r.intIn("max-concurrent-requests", 0, 10_000_000),
        r.intIn("io-threads", 0, 1024),
        r.intIn("client-send-buffer-kb", 0, 64 * 1024),
        r.bool("attempt-headers"),
        r.bool("streams-on-io-thread"),
        r.bool("front"),
        Duration.ofSeconds(r.intIn("shutdown-grace-s", 0, 3600)),
        Duration.ofSeconds(r.intIn("stream-ping-s", 0, 3600)),
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
        r.bool("conversion-strict"),
        r.bool("enable-web-ui"),
        logging(r),
        new Redis(redisUrl, r.string("redis-key-prefix"), Duration.ofMillis(r.intIn("redis-timeout-ms", 10, 60_000))));
  }

  private static Logging logging(Reader r) {
    String format = r.string("log-format").strip().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) throw r.bad("log-format", format, "text or json");
    String file = r.nonEmpty("log-file").strip();
    if (file.contains("/") || file.contains("\\")) throw r.bad("log-file", file, "a file name without a directory");
    return new Logging(r.string("log-dir").strip(), file, r.size("log-max-size"), r.intIn("log-max-backups", 1, 20),
        r.intIn("log-max-age", 1, 3650), r.bool("log-compress"), r.bool("log-to-console"), format.equals("json"),
        r.bool("quiet-polling-logs"), r.bool("enable-request-logs"), r.bool("enable-response-logs"));
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

    /** A size: a plain number is MiB; a number with KB, MB or GB is that many KiB, MiB or GiB. */
    long size(String path) {
      String raw = String.valueOf(c.getValue(path).unwrapped()).strip().toUpperCase(Locale.ROOT);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(KB|MB|GB)?").matcher(raw);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        long unit = "KB".equals(m.group(2)) ? 1024L : "GB".equals(m.group(2)) ? 1024L * 1024 * 1024 : 1024L * 1024;
        if (n > 0) return n * unit;
      }
      throw bad(path, raw, "a size in MB, or a number with KB, MB or GB");
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
