package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/{kind}/channels/latency}: p50 / p95 of total time per bucket, from attempts recorded
 * through the real server (two Claude channels on MockWebServer, some answers delayed), checked
 * against the rows on disk, per kind and per channel, and the answer when persistence is off.
 */
class LatencyHistoryTest {
  private static final String ACCESS_KEY = "latency-test-access-key-0123456789";
  private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @TempDir Path dir;
  private final MockWebServer upA = new MockWebServer();
  private final MockWebServer upB = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
      .retryOnConnectionFailure(false).build();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:10Z"));
  private ServerApp app;
  private ChannelSnapshot channels;

  @BeforeEach
  void setUp() throws Exception {
    upA.start();
    upB.start();
    Channel a = Channel.builder().id("ch-a").name("alpha").serviceType("claude").baseUrl(upA.url("/").toString())
        .apiKeys("sk-ant-api03-alpha-first-key-0001").build();
    Channel b = Channel.builder().id("ch-b").name("beta").serviceType("claude").baseUrl(upB.url("/").toString())
        .apiKeys("sk-ant-api03-beta-only-key-0004").build();
    channels = ChannelSnapshot.builder().add(ApiKind.MESSAGES, a).add(ApiKind.MESSAGES, b).build();
    TestServers.writeChannelFile(dir, channels);
  }

  @AfterEach
  void tearDown() {
    if (app != null) app.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    upA.close();
    upB.close();
  }

  private ServerApp start(Map<String, String> extra) {
    return TestServers.start(dir, ACCESS_KEY, clock, extra);
  }

  @Test
  void percentilesPerBucketComeFromTheRecordedAttempts() throws Exception {
    app = start(Map.of());
    // 09:00:10 on alpha: two quick answers and one held back 300 ms.
    upA.enqueue(ok(0));
    upA.enqueue(ok(0));
    upA.enqueue(ok(300));
    for (int i = 0; i < 3; i++) assertEquals(200, post("ch-a"));
    // 09:05:10: two answers held back 150 ms on beta, one quick on alpha.
    clock.set(Instant.parse("2026-11-28T09:05:10Z"));
    upB.enqueue(ok(150));
    upB.enqueue(ok(150));
    upA.enqueue(ok(0));
    assertEquals(200, post("ch-b"));
    assertEquals(200, post("ch-b"));
    assertEquals(200, post("ch-a"));
    assertTrue(app.metrics().recorder().awaitRecorded(6, Duration.ofSeconds(20)), "outcomes not recorded");
    clock.set(Instant.parse("2026-11-28T09:30:00Z"));

    JsonObject all = getObject("/api/messages/channels/latency?duration=1h");
    assertEquals(true, all.getBoolean("persisted", false));
    assertEquals(true, all.getBoolean("complete", false));
    assertEquals("1h0m0s", all.getString("duration", null));
    assertEquals("1m0s", all.getString("interval", null));
    JsonArray points = all.getArray("dataPoints");
    assertEquals(61, points.size());
    Map<String, JsonObject> byMinute = nonEmpty(points);
    assertEquals(List.of("09:00", "09:05"), new ArrayList<>(byMinute.keySet()));
    JsonObject nine = byMinute.get("09:00");
    assertEquals(3, nine.getLong("count", -1));
    assertEquals(fromDisk("09:00:00", "09:01:00", null), figures(nine));
    assertTrue(nine.getLong("p95", -1) >= 300, nine.toJson());
    JsonObject five = byMinute.get("09:05");
    assertEquals(3, five.getLong("count", -1));
    assertEquals(fromDisk("09:05:00", "09:06:00", null), figures(five));
    assertTrue(five.getLong("p50", -1) >= 150, five.toJson());
    JsonObject summary = all.getObject("summary");
    assertEquals(6, summary.getLong("count", -1));
    assertEquals(fromDisk("09:00:00", "09:06:00", null), figures(summary));
    assertTrue(summary.getLong("p95", -1) >= 300, summary.toJson());

    // One channel, by id or by list position.
    JsonObject beta = getObject("/api/messages/channels/latency?duration=1h&channel=ch-b");
    assertEquals("ch-b", beta.getString("channelId", null));
    Map<String, JsonObject> betaPoints = nonEmpty(beta.getArray("dataPoints"));
    assertEquals(List.of("09:05"), new ArrayList<>(betaPoints.keySet()));
    assertEquals(2, betaPoints.get("09:05").getLong("count", -1));
    assertEquals(fromDisk("09:05:00", "09:06:00", "ch-b"), figures(betaPoints.get("09:05")));
    assertTrue(betaPoints.get("09:05").getLong("p50", -1) >= 150);
    assertEquals(beta.getArray("dataPoints").toJson(),
        getObject("/api/messages/channels/latency?duration=1h&channel=1").getArray("dataPoints").toJson());

    // 6 hours in 5-minute buckets: both minutes fall in 09:00-09:05 and 09:05-09:10.
    Map<String, JsonObject> six = nonEmpty(getObject("/api/messages/channels/latency?duration=6h").getArray("dataPoints"));
    assertEquals(List.of("09:00", "09:05"), new ArrayList<>(six.keySet()));
    assertEquals(figures(nine), figures(six.get("09:00")));
    // Today (UTC clock) and 24 hours hold the same six attempts; another kind holds none.
    assertEquals(6, getObject("/api/messages/channels/latency?duration=today").getObject("summary")
        .getLong("count", -1));
    assertEquals(6, getObject("/api/messages/channels/latency?duration=24h").getObject("summary")
        .getLong("count", -1));
    assertEquals(0, getObject("/api/responses/channels/latency?duration=24h").getObject("summary")
        .getLong("count", -1));

    assertEquals(400, status("/api/messages/channels/latency?duration=soon", ACCESS_KEY));
    assertEquals(404, status("/api/messages/channels/latency?channel=ch-z", ACCESS_KEY));
    assertEquals(401, status("/api/messages/channels/latency", "wrong-key-0123456789"));
  }

  @Test
  void withoutPersistenceTheAnswerSaysSo() throws Exception {
    app = start(Map.of("METRICS_PERSISTENCE_ENABLED", "false"));
    upA.enqueue(ok(0));
    assertEquals(200, post("ch-a"));
    assertTrue(app.metrics().recorder().awaitRecorded(1, Duration.ofSeconds(20)), "outcome not recorded");
    JsonObject body = getObject("/api/messages/channels/latency?duration=1h");
    assertFalse(body.getBoolean("persisted", true));
    assertTrue(body.getString("message", "").contains("METRICS_PERSISTENCE_ENABLED"), body.toJson());
    assertEquals(0, body.getArray("dataPoints").size());
  }

  /** The buckets with attempts, by their start as HH:mm. */
  private static Map<String, JsonObject> nonEmpty(JsonArray points) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (JsonValue v : points) {
      JsonObject p = v.asObject();
      if (p.getLong("count", -1) > 0) {
        out.put(OffsetDateTime.parse(p.getString("timestamp", "")).toInstant().toString().substring(11, 16), p);
      } else {
        assertTrue(p.get("p50").isNull() && p.get("p95").isNull(), p.toJson());
      }
    }
    return out;
  }

  private static List<Long> figures(JsonObject o) {
    return List.of(o.getLong("count", -1), o.getLong("p50", -1), o.getLong("p95", -1));
  }

  /** Count, p50 and p95 (nearest rank) of total_ms between two times of 2026-11-28, read from the file. */
  private List<Long> fromDisk(String from, String to, String channel) throws Exception {
    List<Long> ms = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".config/metrics.db"));
        PreparedStatement ps = c.prepareStatement("SELECT total_ms FROM attempt_outcomes WHERE timestamp_ms >= ?"
            + " AND timestamp_ms < ? AND (? IS NULL OR channel_id = ?) ORDER BY total_ms")) {
      ps.setLong(1, Instant.parse("2026-11-28T" + from + "Z").toEpochMilli());
      ps.setLong(2, Instant.parse("2026-11-28T" + to + "Z").toEpochMilli());
      ps.setString(3, channel);
      ps.setString(4, channel);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ms.add(rs.getLong(1));
      }
    }
    int n = ms.size();
    return List.of((long) n, ms.get((int) Math.ceil(0.5 * n) - 1), ms.get((int) Math.ceil(0.95 * n) - 1));
  }

  private static MockResponse ok(long delayMs) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .headersDelay(delayMs, TimeUnit.MILLISECONDS)
        .body("{\"id\":\"msg\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
            + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}").build();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  /** A request that only one channel can take: the other is disabled meanwhile. */
  private int post(String channel) throws Exception {
    List<Channel> list = new ArrayList<>();
    for (Channel c : channels.channels(ApiKind.MESSAGES)) {
      list.add(c.id().equals(channel) ? c : c.toBuilder().status(ChannelStatus.DISABLED).build());
    }
    app.router().setSnapshot(channels.withChannels(ApiKind.MESSAGES, list));
    Request r = new Request.Builder().url(url("/v1/messages")).header("x-api-key", ACCESS_KEY).post(RequestBody.create(REQUEST, MediaType.get("application/json"))).build();
    try (Response res = client.newCall(r).execute()) {
      res.body().string();
      return res.code();
    }
  }

  private JsonObject getObject(String path) throws Exception {
    try (Response r = client.newCall(new Request.Builder().url(url(path)).header("x-api-key", ACCESS_KEY).build())
        .execute()) {
      String body = r.body().string();
      assertEquals(200, r.code(), path + ": " + body);
      return Json.parse(body).asObject();
    }
  }

  private int status(String path, String key) throws Exception {
    try (Response r = client.newCall(new Request.Builder().url(url(path)).header("x-api-key", key).build())
        .execute()) {
      r.body().string();
      return r.code();
    }
  }
}
