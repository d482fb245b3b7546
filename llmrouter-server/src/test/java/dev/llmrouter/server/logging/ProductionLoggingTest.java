package dev.llmrouter.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.server.ServerApp;
import dev.llmrouter.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
import org.slf4j.LoggerFactory;

/**
 * The standalone server's logging as an operator sees it: Logback configured from the LOG_*
 * settings, access lines with every field in the file (text and JSON), rotation by size, bodies
 * logged without any secret, and the request log API answering the attempts of a failed-over
 * request.
 */
class ProductionLoggingTest {
  private static final String ACCESS_KEY = "llmr-access-SECRET-0123456789abcdef";
  private static final String KEY_ONE = "sk-ant-api03-FIRSTCHANNELKEY-0123456789";
  private static final String KEY_TWO = "sk-ant-api03-SECONDCHANNELKEY-abcdefghij";
  private static final String REQUEST = "{\"model\":\"sonnet\",\"max_tokens\":64,\"metadata\":{\"api_key\":\"client-"
      + "secret-value-123\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],"
      + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":11,\"output_tokens\":7,"
      + "\"cache_read_input_tokens\":5}}";

  @TempDir Path dir;
  private final OkHttpClient client = new OkHttpClient();
  private final List<MockWebServer> upstreams = new ArrayList<>();

  @BeforeEach
  void upstreams() throws IOException {
    for (int i = 0; i < 2; i++) {
      MockWebServer s = new MockWebServer();
      s.start();
      upstreams.add(s);
    }
  }

  @AfterEach
  void restoreLogging() throws Exception {
    for (MockWebServer s : upstreams) s.close();
    client.connectionPool().evictAll();
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
  }

  private Settings settings(Map<String, String> extra) throws IOException {
    Path config = dir.resolve(".config/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"upstream\":["
        + channel("first", 0, KEY_ONE, 1) + "," + channel("second", 1, KEY_TWO, 2) + "]}");
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "LISTEN_HOST", "127.0.0.1",
        "CONFIG_FILE", config.toString(), "PROXY_ACCESS_KEY", ACCESS_KEY, "LOG_DIR", dir.resolve("logs").toString(),
        "LOG_TO_CONSOLE", "false"));
    env.putAll(extra);
    return Settings.from(ConfigFactory.empty(), env);
  }

  private String channel(String name, int upstream, String key, int priority) {
    return "{\"name\":\"" + name + "\",\"serviceType\":\"claude\",\"baseUrl\":\""
        + upstreams.get(upstream).url("/").toString().replaceAll("/$", "") + "\",\"apiKeys\":[\"" + key + "\"],"
        + "\"modelMapping\":{\"sonnet\":\"claude-sonnet-4-5\"},\"priority\":" + priority + ",\"status\":\"active\"}";
  }

  /** The first channel fails with a 500, the second answers. */
  private void failOverOnce() {
    upstreams.get(0).enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}").build());
    upstreams.get(1).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "upstream-id-1").body(ANSWER).build());
  }

  private Response send(ServerApp app, String requestId) throws IOException {
    Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + app.port() + "/v1/messages")
        .post(RequestBody.create(REQUEST, MediaType.get("application/json")))
        .header("Authorization", "Bearer " + ACCESS_KEY);
    if (requestId != null) b.header("x-request-id", requestId);
    return client.newCall(b.build()).execute();
  }

  private String logText() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      for (Path p : files.sorted().toList()) sb.append(Files.readString(p));
    }
    return sb.toString();
  }

  private static String line(String text, String needle) {
    for (String l : text.split("\n")) {
      if (l.contains(needle)) return l;
    }
    return null;
  }

  @Test
  void accessLinesInTheFileNameEveryFieldAndNoSecretIsLogged() throws Exception {
    Settings s = settings(Map.of("ENABLE_REQUEST_LOGS", "true", "ENABLE_RESPONSE_LOGS", "true"));
    assertTrue(LogSetup.apply(s.logging(), s.logLevel()));
    String id;
    try (ServerApp app = ServerApp.start(s, null)) {
      failOverOnce();
      try (Response r = send(app, null)) {
        assertEquals(200, r.code());
        id = r.header("x-request-id");
        assertNotNull(id);
        assertTrue(id.startsWith("req_"), id);
        assertEquals("upstream-id-1", r.header("x-llmrouter-upstream-request-id"));
        r.body().string();
      }
      upstreams.get(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .body(ANSWER).build());
      try (Response r = send(app, "client-chosen-id-42")) {
        assertEquals("client-chosen-id-42", r.header("x-request-id"));
        r.body().string();
      }
      Request notJson = new Request.Builder().url("http://127.0.0.1:" + app.port() + "/v1/messages")
          .post(RequestBody.create("{not json", MediaType.get("application/json")))
          .header("x-api-key", ACCESS_KEY).header("x-request-id", "bad-body-1").build();
      try (Response r = client.newCall(notJson).execute()) {
        assertEquals(400, r.code());
        assertEquals("bad-body-1", r.header("x-request-id"));
      }
      String error = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";
      for (MockWebServer up : upstreams) {
        up.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json").body(error)
            .build());
      }
      try (Response r = send(app, "all-fail-1")) {
        assertEquals(502, r.code());
      }
      // Outcomes reach the history through the metrics recorder's queue: wait for it, then for the file.
      assertTrue(app.metrics().recorder().awaitIdle(Duration.ofSeconds(10)));
      assertTrue(app.metrics().history().flush(Duration.ofSeconds(10)));
      try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + app.port() + "/health").build())
          .execute()) {
        assertEquals(200, r.code());
      }
      JsonObject one = getJson(app, "/api/messages/requests/" + id);
      JsonArray attempts = one.getArray("attempts");
      assertEquals(2, attempts.size());
      assertEquals("first", attempts.get(0).asObject().getString("channelName"));
      assertEquals(500, attempts.get(0).asObject().getLong("status", 0));
      assertEquals("failure", attempts.get(0).asObject().getString("result"));
      assertNotNull(attempts.get(0).asObject().getString("reason"));
      assertEquals("second", attempts.get(1).asObject().getString("channelName"));
      assertEquals(200, attempts.get(1).asObject().getLong("status", 0));
      assertEquals(11, attempts.get(1).asObject().getLong("inputTokens", 0));
      assertFalse(attempts.get(1).asObject().getString("keyMask").contains(KEY_TWO));
      JsonObject page = getJson(app, "/api/messages/requests?limit=4");
      JsonArray newest = page.getArray("attempts");
      assertEquals("all-fail-1", newest.get(0).asObject().getString("requestId"));
      assertEquals("client-chosen-id-42", newest.get(2).asObject().getString("requestId"));
      assertEquals(id, newest.get(3).asObject().getString("requestId"));
      JsonArray older = getJson(app, "/api/messages/requests?limit=4&before=" + page.getLong("next", 0))
          .getArray("attempts");
      assertEquals(1, older.size());
      assertEquals("first", older.get(0).asObject().getString("channelName"));
      JsonArray failed = getJson(app, "/api/messages/requests?status=500").getArray("attempts");
      assertEquals(3, failed.size());
      JsonArray byChannel = getJson(app, "/api/messages/requests?channel=second&limit=5").getArray("attempts");
      assertEquals(2, byChannel.size());
      for (var a : byChannel.items()) assertEquals("second", a.asObject().getString("channelName"));
    }
    LogSetup.stop();
    String text = logText();
    String access = line(text, "[Proxy-Access] id=" + id);
    assertNotNull(access, text);
    for (String field : new String[] {"kind=messages", "op=messages", "protocol=claude", "model=sonnet",
        "sent=claude-sonnet-4-5", "channel=\"second\"", "attempts=2", "status=200", "ttfb=", "total=",
        "tokens=11/7/5", "failover=\"first:500"}) {
      assertTrue(access.contains(field), field + " missing in " + access);
    }
    assertNotNull(line(text, "[Proxy-Access] id=client-chosen-id-42"), text);
    String rejected = line(text, "[Proxy-Access] id=bad-body-1");
    assertNotNull(rejected, text);
    assertTrue(rejected.contains("status=400") && rejected.contains("rejected="), rejected);
    String allFailed = line(text, "[Router-AllFailed] request=all-fail-1");
    assertNotNull(allFailed, text);
    assertTrue(allFailed.contains("2 channel(s) failed"), allFailed);
    assertTrue(line(text, "[Proxy-Access] id=all-fail-1").contains("status=502"), text);
    assertNotNull(line(text, "[Request-Body] id=" + id), text);
    assertNotNull(line(text, "[Response-Body] id=" + id), text);
    // QUIET_POLLING_LOGS (on by default) keeps /health out; the request log API is not a polling route.
    assertNotNull(line(text, "[HTTP-Access] ip=127.0.0.1 GET /api/messages/requests/" + id + " status=200"), text);
    assertEquals(null, line(text, "GET /health"), text);
    String failover = line(text, "[Router-Failover]");
    assertNotNull(failover, text);
    assertTrue(failover.contains("channel=first"), failover);
    for (String secret : new String[] {ACCESS_KEY, KEY_ONE, KEY_TWO, "client-secret-value-123"}) {
      assertFalse(text.contains(secret), "a secret reached the log: " + secret);
    }
  }

  @Test
  void jsonLinesCarryTheRequestFields() throws Exception {
    Settings s = settings(Map.of("LOG_FORMAT", "json"));
    LogSetup.apply(s.logging(), s.logLevel());
    String id;
    try (ServerApp app = ServerApp.start(s, null)) {
      failOverOnce();
      try (Response r = send(app, null)) {
        assertEquals(200, r.code());
        id = r.header("x-request-id");
      }
    }
    LogSetup.stop();
    JsonObject access = null;
    for (String l : logText().split("\n")) {
      if (l.isBlank()) continue;
      JsonObject o = Json.parseObject(l);
      assertNotNull(o.getString("ts"));
      assertNotNull(o.getString("level"));
      if ("Proxy-Access".equals(o.getString("tag")) && id.equals(o.getString("requestId"))) access = o;
    }
    assertNotNull(access);
    assertEquals("INFO", access.getString("level"));
    assertEquals("second", access.getString("channel"));
    assertEquals("claude-sonnet-4-5", access.getString("modelSent"));
    assertEquals(2, access.getLong("attempts", 0));
    assertEquals(200, access.getLong("status", 0));
    assertEquals(11, access.getLong("inputTokens", 0));
    assertEquals(7, access.getLong("outputTokens", 0));
    assertEquals(5, access.getLong("cachedTokens", 0));
    assertTrue(access.getLong("totalMs", -1) >= 0);
    assertTrue(access.getString("failover").startsWith("first:500"), access.getString("failover"));
    assertTrue(access.getString("message").startsWith("id=" + id), access.getString("message"));
  }

  @Test
  void theFileRotatesBySize() throws Exception {
    Settings s = settings(Map.of("LOG_MAX_SIZE", "1KB", "LOG_COMPRESS", "false"));
    LogSetup.apply(s.logging(), s.logLevel());
    org.slf4j.Logger log = LoggerFactory.getLogger("rotation-test");
    String filler = "x".repeat(100);
    for (int i = 0; i < 100; i++) log.info("[Test-Rotate] line {} {}", i, filler);
    LogSetup.stop();
    List<String> names;
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(names.contains("app.log"), names.toString());
    // LOG_MAX_BACKUPS (10 by default) rotated files are kept, no more.
    assertEquals(11, names.size(), names.toString());
    assertTrue(names.contains("app.1.log") && names.contains("app.10.log"), names.toString());
    for (String n : names) assertTrue(Files.size(dir.resolve("logs").resolve(n)) < 2048, n);
    assertTrue(Files.readString(dir.resolve("logs/app.log")).contains("line 99"));
  }

  @Test
  void rotationComesAtTheSizeCountedAcrossARestart() throws Exception {
    Settings s = settings(Map.of("LOG_MAX_SIZE", "1KB", "LOG_COMPRESS", "false"));
    org.slf4j.Logger log = LoggerFactory.getLogger("rotation-test");
    String filler = "z".repeat(100);
    LogSetup.apply(s.logging(), s.logLevel());
    for (int i = 0; i < 5; i++) log.info("[Test-Rotate] before {} {}", i, filler);
    LogSetup.stop();
    Path active = dir.resolve("logs/app.log");
    long before = Files.size(active);
    assertTrue(before > 512 && before < 1024, "five lines: " + before);
    // A new start counts the lines already in the file: the next lines roll it over at 1 KB.
    LogSetup.apply(s.logging(), s.logLevel());
    for (int i = 0; i < 30; i++) log.info("[Test-Rotate] after {} {}", i, filler);
    LogSetup.stop();
    Path first = dir.resolve("logs/app.1.log");
    assertTrue(Files.exists(first), "rolled over");
    long lineBytes = Files.readAllLines(active).get(0).length() + 1;
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      for (Path p : files.filter(f -> !f.equals(active)).toList()) {
        long size = Files.size(p);
        // Rolled over at the first line that found 1 KB written, not before it and not later.
        assertTrue(size >= 1024 && size < 1024 + lineBytes + 16, p.getFileName() + " holds " + size + " bytes");
      }
    }
    String oldest = Files.readString(dir.resolve("logs/app." + countRolled() + ".log"));
    assertTrue(oldest.contains("before 0") && oldest.contains("after 0"), oldest);
  }

  private long countRolled() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      return files.filter(p -> p.getFileName().toString().matches("app\\.\\d+\\.log")).count();
    }
  }

  @Test
  void rotatedFilesAreGzippedByDefault() throws Exception {
    Settings s = settings(Map.of("LOG_MAX_SIZE", "1KB", "LOG_MAX_BACKUPS", "3"));
    LogSetup.apply(s.logging(), s.logLevel());
    org.slf4j.Logger log = LoggerFactory.getLogger("rotation-test");
    for (int i = 0; i < 100; i++) log.info("[Test-Rotate] line {} {}", i, "y".repeat(100));
    LogSetup.stop();
    List<String> names;
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("app.1.log.gz", "app.2.log.gz", "app.3.log.gz", "app.log"), names);
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("logs/app.1.log.gz")))) {
      assertTrue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("[Test-Rotate] line"));
    }
  }

  private JsonObject getJson(ServerApp app, String path) throws IOException {
    Request get = new Request.Builder().url("http://127.0.0.1:" + app.port() + path).header("x-api-key", ACCESS_KEY)
        .build();
    try (Response r = client.newCall(get).execute()) {
      String body = r.body().string();
      assertEquals(200, r.code(), body);
      return Json.parseObject(body);
    }
  }
}
