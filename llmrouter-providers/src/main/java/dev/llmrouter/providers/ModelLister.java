package dev.llmrouter.providers;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the model lists of upstream channels: {@code GET /models} by rule R with
 * {@code x-api-key} and {@code anthropic-version} for claude channels, with {@code Authorization:
 * Bearer} for openai and responses channels, and {@code GET /v1beta/models} with
 * {@code x-goog-api-key} for gemini channels. Lists are fetched concurrently, each bounded by the
 * timeout, and kept per channel (and base URL and key) for the cache time; a failed fetch is kept
 * for a tenth of it, so a dead upstream is not asked on every call. Concurrent callers share one
 * fetch. This class is thread-safe.
 */
public final class ModelLister {
  private static final Logger log = LoggerFactory.getLogger(ModelLister.class);
  private static final int MAX_BODY = 8 * 1024 * 1024;

  /**
   * One model as an upstream lists it.
   *
   * @param id the model id clients send ({@code models/} prefix removed for Gemini)
   * @param displayName a name for people (the id when the upstream gives none)
   * @param created when the model was published, or null when unknown
   * @param ownedBy the owner the upstream names, or null
   * @param raw the upstream's own entry (for Gemini clients, which get it as it is); null for names
   *     that come from a model mapping
   */
  public record Model(String id, String displayName, Instant created, String ownedBy, JsonObject raw) {
    public Model {
      Objects.requireNonNull(id, "id");
      if (displayName == null || displayName.isEmpty()) displayName = id;
      raw = raw == null ? null : raw.copy();
    }

    /** A copy of the upstream's entry, or null. */
    @Override
    public JsonObject raw() {
      return raw == null ? null : raw.copy();
    }
  }

  private record CacheKey(String channelId, String serviceType, String baseUrl, String keyFingerprint) {}

  private record Entry(CompletableFuture<List<Model>> future, Instant fetchedAt) {}

  private final HttpTransport transport;
  private final Clock clock;
  private final Duration ttl;
  private final Duration timeout;
  private final ConcurrentHashMap<CacheKey, Entry> cache = new ConcurrentHashMap<>();

  /**
   * @param ttl how long a fetched list is used (zero: never cached)
   * @param timeout how long one fetch may take
   */
  public ModelLister(HttpTransport transport, Clock clock, Duration ttl, Duration timeout) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * The model lists of the channels, keyed by channel id in the channels' order. Blocks at most the
   * timeout. A channel whose upstream fails, times out or answers something unreadable gets an empty
   * list; no channel's failure fails the call.
   */
  public Map<String, List<Model>> list(List<Channel> channels) {
    Map<String, CompletableFuture<List<Model>>> futures = new LinkedHashMap<>();
    for (Channel c : channels) {
      if (c.apiKeys().isEmpty() || c.effectiveBaseUrl().isEmpty() || c.protocol() == null) continue;
      futures.put(c.id(), fetch(c));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<Model>> out = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<List<Model>>> e : futures.entrySet()) {
      out.put(e.getKey(), await(e.getKey(), e.getValue(), deadline));
    }
    return out;
  }

  /** Forgets every cached list. */
  public void invalidate() {
    cache.clear();
  }

  private List<Model> await(String channelId, CompletableFuture<List<Model>> f, long deadline) {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn("[Models-Fetch] channel={} did not answer within {} ms", channelId, timeout.toMillis());
      return List.of();
    } catch (ExecutionException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private CompletableFuture<List<Model>> fetch(Channel channel) {
    String key = channel.apiKeys().get(0);
    CacheKey cacheKey = new CacheKey(channel.id(), channel.serviceType(), channel.effectiveBaseUrl(),
        Keys.fingerprint(key));
    Instant now = clock.instant();
    Entry entry = cache.compute(cacheKey, (k, old) -> old != null && fresh(old, now) ? old
        : new Entry(start(channel, key), now));
    return entry.future();
  }

  private boolean fresh(Entry e, Instant now) {
    if (!e.future().isDone()) return true;
    boolean failed = e.future().isCompletedExceptionally();
    Duration keep = failed ? ttl.dividedBy(10) : ttl;
    return now.isBefore(e.fetchedAt().plus(keep));
  }

  private CompletableFuture<List<Model>> start(Channel channel, String key) {
    CompletableFuture<List<Model>> future = new CompletableFuture<>();
    Protocol protocol = channel.protocol();
    Request request = request(channel, protocol, key);
    OkHttpClient client = transport.clientFor(new Timeouts(timeout, timeout, timeout, timeout), false,
        channel.insecureSkipVerify());
    Call call = client.newCall(request);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        log.warn("[Models-Fetch] channel={} key={} failed: {}", channel.id(), Keys.mask(key), e.toString());
        future.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          if (response.code() != 200) {
            log.warn("[Models-Fetch] channel={} key={} status={}", channel.id(), Keys.mask(key), response.code());
            future.completeExceptionally(new IOException("status " + response.code()));
            return;
          }
          byte[] body = response.peekBody(MAX_BODY).bytes();
          future.complete(parse(protocol, body));
        } catch (IOException | MalformedJsonException e) {
          log.warn("[Models-Fetch] channel={} unreadable list: {}", channel.id(), e.toString());
          future.completeExceptionally(e);
        }
      }
    });
    return future;
  }

  static Request request(Channel channel, Protocol protocol, String key) {
    String base = channel.effectiveBaseUrl();
    Request.Builder b = new Request.Builder().get();
    switch (protocol) {
      case CLAUDE:
        b.url(modelsUrl(base, protocol) + "?limit=1000").header("x-api-key", key)
            .header("anthropic-version", "2023-06-01");
        break;
      case GEMINI:
        b.url(modelsUrl(base, protocol) + "?pageSize=1000").header("x-goog-api-key", key);
        break;
      default:
        b.url(modelsUrl(base, protocol)).header("Authorization", "Bearer " + key);
        break;
    }
    return b.build();
  }

  /**
   * The URL of an upstream's models list, by the same rule as its other endpoints: {@code /models}
   * after the base URL's own version or {@code /v1} for Anthropic and OpenAI upstreams, after
   * {@code /v1beta} for Gemini. No query.
   *
   * @param baseUrl a channel's base URL
   * @param protocol the channel's protocol; null is treated like an OpenAI one
   * @return the absolute URL
   * @throws NullPointerException when {@code baseUrl} is null
   */
  public static String modelsUrl(String baseUrl, Protocol protocol) {
    return protocol == Protocol.GEMINI
        ? UpstreamUrls.join(baseUrl, "/v1beta", "/models")
        : UpstreamUrls.v1(baseUrl, "/models");
  }

  /** Reads an Anthropic or OpenAI {@code data} list or a Gemini {@code models} list. */
  static List<Model> parse(Protocol protocol, byte[] body) {
    JsonObject root = Json.parseObject(body);
    List<Model> out = new ArrayList<>();
    JsonArray models = root.getArray("models");
    if (models != null) {
      for (JsonValue v : models) {
        JsonObject m = v.asObject();
        if (m == null || m.getString("name") == null) continue;
        String name = m.getString("name");
        String id = name.startsWith("models/") ? name.substring("models/".length()) : name;
        out.add(new Model(id, m.getString("displayName"), null, "google", m));
      }
      return out;
    }
    JsonArray data = root.getArray("data");
    if (data == null) throw new MalformedJsonException("no data or models list in the answer");
    for (JsonValue v : data) {
      JsonObject m = v.asObject();
      if (m == null || m.getString("id") == null) continue;
      out.add(new Model(m.getString("id"), m.getString("display_name"), created(m),
          m.getString("owned_by", protocol == Protocol.CLAUDE ? "anthropic" : null), m));
    }
    return out;
  }

  private static Instant created(JsonObject m) {
    String at = m.getString("created_at");
    if (at != null) {
      try {
        return Instant.parse(at);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    JsonNumber n = m.getNumber("created");
    if (n == null) return null;
    try {
      return Instant.ofEpochSecond(n.longValue());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
