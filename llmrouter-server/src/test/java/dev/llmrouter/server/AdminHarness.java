package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.RouterSettings;
import dev.llmrouter.server.admin.AdminRoutes;
import dev.llmrouter.server.config.ChannelFile;
import dev.llmrouter.server.config.ChannelStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A real server on an ephemeral port with the admin routes and a channel store over a file in a
 * temporary directory, in front of MockWebServer upstreams. Every admin answer is recorded so that
 * tests can check that no key ever appears in one. Close it after each test.
 */
final class AdminHarness implements AutoCloseable {
  static final String ACCESS_KEY = Harness.ACCESS_KEY;
  /** The admin routes' clock: promotions are computed from this instant. */
  static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

  final Path file;
  final List<MockWebServer> upstreams = new ArrayList<>();
  final List<String> resumed = new CopyOnWriteArrayList<>();
  final List<String> answers = new CopyOnWriteArrayList<>();
  final AtomicInteger swaps = new AtomicInteger();
  final OkHttpClient upstreamClient;
  final Router router;
  final ChannelStore store;
  final RouterServer server;
  final OkHttpClient client;

  /**
   * @param initialJson the channel file to start from, with {@code {up0}}, {@code {up1}}, ... standing
   *     for the upstreams' base URLs; null starts without a file
   */
  AdminHarness(Path dir, int upstreamCount, String initialJson, ChannelFile.FileMover mover, boolean watch)
      throws IOException {
    this(dir, upstreamCount, initialJson, mover, watch, "");
  }

  AdminHarness(Path dir, int upstreamCount, String initialJson, ChannelFile.FileMover mover, boolean watch,
      String adminKey) throws IOException {
    for (int i = 0; i < upstreamCount; i++) {
      MockWebServer s = new MockWebServer();
      s.start();
      upstreams.add(s);
    }
    file = dir.resolve("config.json");
    if (initialJson != null) Files.writeString(file, withUrls(initialJson));
    upstreamClient = HttpTransport.defaultClientBuilder().build();
    router = Router.builder()
        .providers(Providers.standard(new HttpTransport(upstreamClient)))
        .settings(new RouterSettings(Timeouts.DEFAULT))
        .build();
    store = ChannelStore.open(new ChannelFile(file, new ConfigCodec(), mover), snap -> {
      router.setSnapshot(snap);
      swaps.incrementAndGet();
      synchronized (swaps) {
        swaps.notifyAll();
      }
    }, Clock.systemUTC());
    if (watch) store.watch(Duration.ofMillis(100));
    AdminRoutes admin = new AdminRoutes(store, (kind, id) -> resumed.add(kind.pathName() + "/" + id), upstreamClient,
        Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(1500));
    server = RouterServer.start(router, RouterServer.options().port(0).accessKey(ACCESS_KEY).adminAccessKey(adminKey)
        .shutdownGrace(Duration.ofSeconds(1)).routes(admin));
    client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).retryOnConnectionFailure(false).build();
  }

  static AdminHarness start(Path dir, int upstreams, String initialJson) throws IOException {
    return new AdminHarness(dir, upstreams, initialJson, ChannelFile.FileMover.ATOMIC, false);
  }

  String withUrls(String json) {
    for (int i = 0; i < upstreams.size(); i++) {
      json = json.replace("{up" + i + "}", upstreams.get(i).url("/").toString().replaceAll("/$", ""));
    }
    return json;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** An admin call with the access key; the answer is recorded. */
  Answer call(String method, String path, String json) throws IOException {
    return call(method, path, json, ACCESS_KEY);
  }

  Answer call(String method, String path, String json, String key) throws IOException {
    RequestBody body = json == null ? (method.equals("GET") || method.equals("DELETE") ? null
        : RequestBody.create(new byte[0])) : RequestBody.create(withUrls(json), MediaType.get("application/json"));
    Request.Builder b = new Request.Builder().url(url(path)).method(method, body);
    if (key != null) b.header("x-api-key", key);
    try (Response r = client.newCall(b.build()).execute()) {
      String text = r.body().string();
      answers.add(text);
      return new Answer(r.code(), text);
    }
  }

  Answer get(String path) throws IOException {
    return call("GET", path, null);
  }

  ChannelSnapshot snapshot() {
    return router.snapshot();
  }

  String fileText() throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Waits, without sleeping, until the condition holds after a snapshot swap, or the timeout passes. */
  boolean awaitSwap(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (swaps) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        swaps.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  /** Asserts that no recorded answer contains any of the keys. */
  void assertNoAnswerContains(List<String> secrets) {
    for (String a : answers) {
      for (String k : secrets) assertFalse(a.contains(k), "an admin answer carries a full key: " + a);
    }
  }

  String channelId(ApiKind kind, int position) {
    return snapshot().channels(kind).get(position).id();
  }

  @Override
  public void close() {
    server.close();
    store.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    upstreamClient.connectionPool().evictAll();
    for (MockWebServer s : upstreams) s.close();
  }

  /** An HTTP answer. */
  record Answer(int status, String body) {
    JsonObject json() {
      return Json.parseObject(body);
    }

    JsonObject channel() {
      return json().getObject("channel");
    }

    String errorField() {
      return json().getObject("error").getString("field");
    }
  }
}
