package dev.llmrouter.server.admin;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonBoolean;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.ModelLister;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Checks channels: for every base URL, whether it answers and how fast, and whether the channel's
 * first key is accepted, using the cheapest authenticated call each upstream has (its models list).
 * All URLs of all channels are probed at once, each bounded by the timeout. The key is sent only to
 * the channel's own base URLs and never appears in the answer. Thread-safe.
 */
final class ChannelPing {
  private final OkHttpClient verifying;
  private final OkHttpClient insecure;
  private final Duration timeout;
  private final LongSupplier nanoTime;

  /**
   * @param client the client to derive from (its pool and dispatcher are shared); channels flagged
   *     {@code insecureSkipVerify} get a variant that skips certificate checks, as their traffic does
   */
  ChannelPing(OkHttpClient client, Duration timeout, LongSupplier nanoTime) {
    HttpTransport transport = new HttpTransport(client);
    Timeouts t = new Timeouts(timeout, timeout, timeout, timeout);
    // No redirects: a redirect must not carry the key to another host.
    this.verifying = transport.clientFor(t, false, false).newBuilder().followRedirects(false).build();
    this.insecure = transport.clientFor(t, false, true).newBuilder().followRedirects(false).build();
    this.timeout = timeout;
    this.nanoTime = nanoTime;
  }

  /** The client that probes a channel. */
  OkHttpClient clientFor(Channel c) {
    return c.insecureSkipVerify() ? insecure : verifying;
  }

  /** Pings channels concurrently; answers in the order given. {@code indexes} are their list positions. */
  JsonArray pingAll(List<Channel> channels, List<Integer> indexes) {
    List<Call> calls = new ArrayList<>();
    List<List<CompletableFuture<JsonObject>>> probes = new ArrayList<>();
    for (Channel c : channels) {
      List<CompletableFuture<JsonObject>> perUrl = new ArrayList<>();
      for (String base : c.allBaseUrls()) perUrl.add(probe(c, base, calls));
      probes.add(perUrl);
    }
    long deadline = nanoTime.getAsLong() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(2);
    JsonArray out = new JsonArray();
    try {
      for (int i = 0; i < channels.size(); i++) {
        List<JsonObject> results = new ArrayList<>();
        List<String> bases = channels.get(i).allBaseUrls();
        for (int j = 0; j < bases.size(); j++) results.add(await(probes.get(i).get(j), deadline, bases.get(j)));
        out.add(summary(channels.get(i), indexes.get(i), results));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (calls) {
        for (Call call : calls) call.cancel();
      }
      throw new AdminException(503, null, "the ping was interrupted");
    }
    return out;
  }

  private JsonObject await(CompletableFuture<JsonObject> f, long deadline, String base) throws InterruptedException {
    try {
      return f.get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return new JsonObject().put("baseUrl", base).put("reachable", false)
          .put("error", "no answer within " + timeout.toMillis() + "ms");
    }
  }

  private CompletableFuture<JsonObject> probe(Channel c, String base, List<Call> calls) {
    CompletableFuture<JsonObject> result = new CompletableFuture<>();
    String key = c.apiKeys().isEmpty() ? null : c.apiKeys().get(0);
    Request request;
    try {
      request = request(c, base, key);
    } catch (IllegalArgumentException e) {
      result.complete(new JsonObject().put("baseUrl", base).put("reachable", false).put("error", "not a usable URL"));
      return result;
    }
    long start = nanoTime.getAsLong();
    Call call = clientFor(c).newCall(request);
    synchronized (calls) {
      calls.add(call);
    }
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          int status = response.code();
          JsonValue accepted = key == null ? JsonNull.INSTANCE
              : response.isSuccessful() ? JsonBoolean.TRUE
              : status == 401 || status == 403 ? JsonBoolean.FALSE : JsonNull.INSTANCE;
          result.complete(new JsonObject().put("baseUrl", base).put("reachable", true)
              .put("latencyMs", millisSince(start)).put("statusCode", status).put("keyAccepted", accepted));
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        result.complete(new JsonObject().put("baseUrl", base).put("reachable", false)
            .put("latencyMs", millisSince(start)).put("error", describe(e)));
      }
    });
    return result;
  }

  /** The models list of the channel's protocol, with the key in that protocol's header. */
  private static Request request(Channel c, String base, String key) {
    Request.Builder b = new Request.Builder().get();
    switch (c.serviceType()) {
      case "claude":
        b.url(ModelLister.modelsUrl(base, c.protocol())).header("anthropic-version", "2023-06-01");
        if (key != null) b.header("x-api-key", key);
        break;
      case "gemini":
        b.url(ModelLister.modelsUrl(base, c.protocol()));
        if (key != null) b.header("x-goog-api-key", key);
        break;
      default:
        b.url(ModelLister.modelsUrl(base, c.protocol()));
        if (key != null) b.header("Authorization", "Bearer " + key);
    }
    return b.build();
  }

  private JsonObject summary(Channel c, int index, List<JsonObject> results) {
    long best = -1;
    boolean anyAccepted = false;
    boolean anyRefused = false;
    JsonArray list = new JsonArray();
    for (JsonObject r : results) {
      list.add(r);
      if (Boolean.TRUE.equals(r.getBoolean("reachable"))) {
        long ms = r.getLong("latencyMs", 0);
        if (best < 0 || ms < best) best = ms;
      }
      if (Boolean.TRUE.equals(r.getBoolean("keyAccepted"))) anyAccepted = true;
      if (Boolean.FALSE.equals(r.getBoolean("keyAccepted"))) anyRefused = true;
    }
    JsonObject o = new JsonObject().put("id", c.id()).put("index", index).put("name", c.name())
        .put("serviceType", c.serviceType())
        .put("success", best >= 0)
        .put("latencyMs", best >= 0 ? JsonNumber.of(best) : JsonNull.INSTANCE)
        .put("keyAccepted", anyAccepted ? JsonBoolean.TRUE : anyRefused ? JsonBoolean.FALSE : JsonNull.INSTANCE)
        .put("key", c.apiKeys().isEmpty() ? JsonNull.INSTANCE : ChannelViews.key(c.apiKeys().get(0)))
        .put("results", list);
    if (results.isEmpty()) o.put("error", "no base URL");
    return o;
  }

  private long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start);
  }

  private static String describe(IOException e) {
    if (e instanceof InterruptedIOException) return "timeout";
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }
}
