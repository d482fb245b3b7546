package dev.llmrouter.server;

import dev.llmrouter.api.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Scripted traffic through the real server (two Claude passthrough channels on MockWebServer), then
 * every metrics endpoint, a restart on the same files, the retention clean-up and {@code /metrics}.
 */
class MetricsEndToEndTest {
  private static final String ACCESS_KEY = "metrics-test-access-key-0123456789";
  static final String KEY_A1 = "sk-ant-api03-alpha-first-key-0001";
  static final String KEY_A2 = "sk-ant-api03-alpha-second-key-0002";
  static final String KEY_OLD = "sk-ant-api03-alpha-removed-key-0003";
  static final String KEY_B1 = "sk-ant-api03-beta-only-key-0004";
  private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String STREAM_REQUEST = REQUEST.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"");

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
        .apiKeys(KEY_A1, KEY_A2).historicalApiKeys(List.of(KEY_OLD)).build();
    Channel b = Channel.builder().id("ch-b").name("beta").serviceType("claude").baseUrl(upB.url("/").toString())
        .apiKeys(KEY_B1).build();
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
  void everyEndpointReportsTheScriptedTrafficAndARestartBringsItBack() throws Exception {
    app = start(Map.of());
    runScriptedTraffic();

    ScriptedTrafficExpectations.channelMetrics(Json.parse(get("/api/messages/channels/metrics")).asArray());
    ScriptedTrafficExpectations.Http http = new ScriptedTrafficExpectations.Http() {
      @Override
      public String get(String path) throws Exception {
        return MetricsEndToEndTest.this.get(path);
      }

      @Override
      public Response call(String path) throws Exception {
        return client.newCall(getRequest(path)).execute();
      }
    };
    ScriptedTrafficExpectations.globalHistory(http);
    ScriptedTrafficExpectations.channelHistory(http);
    ScriptedTrafficExpectations.keyHistory(http);
    ScriptedTrafficExpectations.dashboard(http);
    assertBadParameters();
    assertPrometheus();

    List<String> paths = List.of("/api/messages/channels/metrics",
        "/api/messages/channels/metrics/history?duration=6h",
        "/api/messages/channels/metrics/history?duration=1h&interval=5m",
        "/api/messages/channels/ch-a/keys/metrics/history?duration=1h",
        "/api/messages/channels/0/keys/metrics/history?duration=today",
        "/api/messages/global/stats/history?duration=6h",
        "/api/messages/global/stats/history?duration=24h",
        "/api/messages/channels/dashboard",
        "/api/responses/global/stats/history");
    Map<String, String> before = new HashMap<>();
    for (String p : paths) before.put(p, withoutLiveState(get(p)));

    app.close();
    app = null;
    assertEquals(7, rowCount());
    app = start(Map.of());
    for (String p : paths) assertEquals(before.get(p), withoutLiveState(get(p)), "after restart: " + p);

    // A week later the two oldest rows (09:00:10) fall out of the 7-day retention.
    app.close();
    app = null;
    clock.set(Instant.parse("2026-11-28T09:30:00Z").plus(Duration.ofDays(7)));
    app = start(Map.of());
    assertEquals(0, app.metrics().history().cleanup(Duration.ofSeconds(10)), "start-up clean-up already ran");
    assertEquals(5, rowCount());
    JsonObject a = Json.parse(get("/api/messages/channels/metrics")).asArray().get(0).asObject();
    assertEquals(4, a.getLong("requestCount", -1));
    assertEquals(3, a.getLong("successCount", -1));
    assertEquals(0, a.getLong("failureCount", -1));
    assertNull(a.get("lastFailureAt"));
    clock.advance(Duration.ofMinutes(37));
    assertEquals(5, app.metrics().history().cleanup(Duration.ofSeconds(10)));
    assertEquals(0, rowCount());
  }

  /** The dashboard without the scheduler's live state, which a restart resets on purpose. */
  private static String withoutLiveState(String body) {
    JsonValue v = Json.parse(body);
    if (v instanceof JsonObject o && o.has("stats")) {
      o.remove("stats");
      return o.toJson();
    }
    return body;
  }

  private void runScriptedTraffic() throws Exception {
    // 09:00:10: a non-streamed success with cache usage, then a 503.
    upA.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":100,"
            + "\"output_tokens\":20,\"cache_read_input_tokens\":50,\"cache_creation_input_tokens\":10}}").build());
    upA.enqueue(new MockResponse.Builder().code(503).addHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}").build());
    assertEquals(200, post(REQUEST));
    // The 503 is the only attempt: key A1 alone and channel B disabled, so nothing fails over.
    Channel onlyA1 = channels.channels(ApiKind.MESSAGES).get(0).toBuilder().apiKeys(KEY_A1).build();
    Channel bOff = channels.channels(ApiKind.MESSAGES).get(1).toBuilder().status(ChannelStatus.DISABLED).build();
    app.router().setSnapshot(channels.withChannels(ApiKind.MESSAGES, List.of(onlyA1, bOff)));
    assertEquals(503, post(REQUEST));
    app.router().setSnapshot(channels);

    // 10:00:10: a streamed success (usage from message_start and message_delta), then a client that leaves.
    clock.set(Instant.parse("2026-11-28T10:00:10Z"));
    upA.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"usage\":"
            + "{\"input_tokens\":30,\"output_tokens\":1,\"cache_read_input_tokens\":70}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":15}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").build());
    assertEquals(200, post(STREAM_REQUEST));
    awaitRecorded(3);
    List<String> events = new ArrayList<>(MessagesPassthroughTest.claudeStream().subList(0, 2));
    for (int i = 0; i < 400; i++) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t" + i + "\"}}\n\n");
    }
    GatedBody gated = new GatedBody(events, 25);
    upA.enqueue(gated.chunkedSse().build());
    Response r = client.newCall(request(STREAM_REQUEST)).execute();
    assertEquals(events.get(0), MessagesPassthroughTest.readEvent(r.body().source()));
    r.close();
    gated.release();
    awaitRecorded(4);

    // 10:05:10: the second key, first in line now; 10:05:40: a key that was later removed.
    clock.set(Instant.parse("2026-11-28T10:05:10Z"));
    Channel a = channels.channels(ApiKind.MESSAGES).get(0);
    Channel b = channels.channels(ApiKind.MESSAGES).get(1);
    app.router().setSnapshot(channels.withChannels(ApiKind.MESSAGES,
        List.of(a.toBuilder().apiKeys(KEY_A2, KEY_A1).build(), b)));
    upA.enqueue(ok(10, 5));
    assertEquals(200, post(REQUEST));
    clock.set(Instant.parse("2026-11-28T10:05:40Z"));
    app.router().setSnapshot(channels.withChannels(ApiKind.MESSAGES,
        List.of(a.toBuilder().apiKeys(KEY_OLD, KEY_A1, KEY_A2).historicalApiKeys(List.of()).build(), b)));
    upA.enqueue(ok(1, 1));
    assertEquals(200, post(REQUEST));

    // 10:06:10: the second channel, while the first is disabled.
    clock.set(Instant.parse("2026-11-28T10:06:10Z"));
    app.router().setSnapshot(channels.withChannels(ApiKind.MESSAGES,
        List.of(a.toBuilder().status(ChannelStatus.DISABLED).build(), b)));
    upB.enqueue(ok(7, 3));
    assertEquals(200, post(REQUEST));
    app.router().setSnapshot(channels);
    awaitRecorded(7);
    assertTrue(app.metrics().history().flush(Duration.ofSeconds(10)));
    clock.set(Instant.parse("2026-11-28T10:06:40Z"));
    assertEquals(KEY_A1, upA.takeRequest().getHeaders().get("x-api-key"));
  }






  private void assertBadParameters() throws Exception {
    try (Response r = client.newCall(getRequest("/api/messages/global/stats/history?duration=soon")).execute()) {
      assertEquals(400, r.code());
      JsonObject e = Json.parse(r.body().string()).asObject().getObject("error");
      assertEquals("duration", e.getString("field"));
      assertTrue(e.getString("message").contains("soon"));
    }
    try (Response r = client.newCall(getRequest("/api/messages/channels/metrics/history?interval=5x")).execute()) {
      assertEquals(400, r.code());
      assertEquals("interval", Json.parse(r.body().string()).asObject().getObject("error").getString("field"));
    }
    try (Response r = client.newCall(getRequest("/api/messages/channels/ch-a/keys/metrics/history?duration=1d"))
        .execute()) {
      assertEquals(400, r.code());
      assertEquals("duration", Json.parse(r.body().string()).asObject().getObject("error").getString("field"));
    }
    try (Response r = client.newCall(new Request.Builder().url(url("/api/messages/channels/metrics")).build())
        .execute()) {
      assertEquals(401, r.code());
    }
    try (Response r = client.newCall(new Request.Builder().url(url("/api/messages/channels/metrics"))
        .header("x-api-key", ACCESS_KEY).post(RequestBody.create(new byte[0])).build()).execute()) {
      assertEquals(405, r.code());
    }
  }

  private void assertPrometheus() throws Exception {
    try (Response r = client.newCall(new Request.Builder().url(url("/metrics")).build()).execute()) {
      assertEquals(401, r.code());
    }
    String text;
    try (Response r = client.newCall(getRequest("/metrics")).execute()) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type"));
      text = r.body().string();
    }
    Map<String, Double> s = PrometheusText.parse(text);
    String a = "channel=\"ch-a\",kind=\"messages\"";
    assertEquals(4.0, s.get("llmrouter_requests_total{" + a + ",outcome=\"success\",status_class=\"2xx\"}"));
    assertEquals(1.0, s.get("llmrouter_requests_total{" + a + ",outcome=\"failure\",status_class=\"5xx\"}"));
    assertEquals(1.0, s.get("llmrouter_requests_total{" + a + ",outcome=\"cancelled\",status_class=\"2xx\"}"));
    assertEquals(1.0, s.get("llmrouter_requests_total{channel=\"ch-b\",kind=\"messages\",outcome=\"success\","
        + "status_class=\"2xx\"}"));
    // The cancelled stream's usage so far (message_start: 10 in, 1 out) counts too: it was consumed upstream.
    assertEquals(151.0, s.get("llmrouter_tokens_total{" + a + ",type=\"input\"}"));
    assertEquals(42.0, s.get("llmrouter_tokens_total{" + a + ",type=\"output\"}"));
    assertEquals(120.0, s.get("llmrouter_tokens_total{" + a + ",type=\"cache_read\"}"));
    assertEquals(10.0, s.get("llmrouter_tokens_total{" + a + ",type=\"cache_creation\"}"));
    assertEquals(4.0, s.get("llmrouter_request_duration_seconds_count{" + a + ",outcome=\"success\"}"));
    assertEquals(4.0, s.get("llmrouter_request_duration_seconds_bucket{" + a + ",outcome=\"success\",le=\"+Inf\"}"));
    assertTrue(s.containsKey("llmrouter_request_duration_seconds_bucket{" + a + ",outcome=\"success\",le=\"0.5\"}"));
    assertEquals(6.0, s.get("llmrouter_request_first_token_seconds_count{" + a + "}"));
    assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM memory");
    assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("jvm_threads_live_threads")), "JVM threads");
    assertTrue(s.containsKey("process_uptime_seconds"), "uptime");
  }

  @Test
  void prometheusCanBePublicAndPersistenceCanBeOff() throws Exception {
    app = start(Map.of("METRICS_PUBLIC", "true", "METRICS_PERSISTENCE_ENABLED", "false"));
    upA.enqueue(ok(3, 4));
    assertEquals(200, post(REQUEST));
    awaitRecorded(1);
    try (Response r = client.newCall(new Request.Builder().url(url("/metrics")).build()).execute()) {
      assertEquals(200, r.code());
      assertEquals(1.0, PrometheusText.parse(r.body().string()).get(
          "llmrouter_requests_total{channel=\"ch-a\",kind=\"messages\",outcome=\"success\",status_class=\"2xx\"}"));
    }
    assertFalse(app.metrics().history().persisting());
    assertFalse(Files.exists(dir.resolve(".config/metrics.db")));
    assertEquals(1, Json.parse(get("/api/messages/channels/metrics")).asArray().get(0).asObject()
        .getLong("requestCount", -1));
  }


  @Test
  void anUnusableHistoryFileLeavesMetricsInMemoryAndRequestsUnharmed() throws Exception {
    Path taken = dir.resolve("taken.db");
    Files.createDirectories(taken);
    app = start(Map.of("METRICS_DB_FILE", taken.toString()));
    assertFalse(app.metrics().history().persisting());
    upA.enqueue(ok(3, 4));
    upA.enqueue(ok(5, 6));
    assertEquals(200, post(REQUEST));
    assertEquals(200, post(REQUEST));
    awaitRecorded(2);
    JsonObject a = Json.parse(get("/api/messages/channels/metrics")).asArray().get(0).asObject();
    assertEquals(2, a.getLong("requestCount", -1));
    assertEquals(8, a.getObject("timeWindows").getObject("15m").getLong("inputTokens", -1));
    assertTrue(Files.isDirectory(taken));
  }

  private static MockResponse ok(long input, long output) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(
        "{\"id\":\"msg\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":" + input
            + ",\"output_tokens\":" + output + "}}").build();
  }

  private void awaitRecorded(long n) throws InterruptedException {
    assertTrue(app.metrics().recorder().awaitRecorded(n, Duration.ofSeconds(20)), "outcomes not recorded: " + n);
  }

  private long rowCount() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".config/metrics.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM attempt_outcomes")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  private Request request(String json) {
    return new Request.Builder().url(url("/v1/messages")).header("x-api-key", ACCESS_KEY)
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
  }

  private int post(String json) throws Exception {
    try (Response r = client.newCall(request(json)).execute()) {
      r.body().string();
      return r.code();
    }
  }

  private Request getRequest(String path) {
    return new Request.Builder().url(url(path)).header("x-api-key", ACCESS_KEY).build();
  }

  private String get(String path) throws Exception {
    try (Response r = client.newCall(getRequest(path)).execute()) {
      String body = r.body().string();
      assertEquals(200, r.code(), path + ": " + body);
      return body;
    }
  }
}
