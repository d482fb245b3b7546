package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;

/**
 * The exact answers expected after the scripted traffic of {@link MetricsEndToEndTest}, at
 * 2026-11-28T10:06:40Z: ch-a (keys A1, A2; A_OLD historical) saw a success and a 503 at 09:00:10, a
 * streamed success and a cancelled stream at 10:00:10, A2 at 10:05:10 and A_OLD at 10:05:40; ch-b
 * one success at 10:06:10.
 */
final class ScriptedTrafficExpectations {
  private ScriptedTrafficExpectations() {}

  /** GETs with the access key. */
  interface Http {
    /** The body of a 200 answer (asserts the 200). */
    String get(String path) throws Exception;

    /** The answer, whatever its status; the caller closes it. */
    Response call(String path) throws Exception;
  }

  static void channelMetrics(JsonArray metrics) {
    assertEquals(2, metrics.size());
    JsonObject a = metrics.get(0).asObject();
    assertEquals(0, a.getLong("channelIndex", -1));
    assertEquals("ch-a", a.getString("channelId"));
    assertEquals("alpha", a.getString("channelName"));
    assertEquals(6, a.getLong("requestCount", -1));
    assertEquals(4, a.getLong("successCount", -1));
    assertEquals(1, a.getLong("failureCount", -1));
    assertEquals(0, a.getLong("clientErrorCount", -1));
    assertEquals(1, a.getLong("cancelledCount", -1));
    assertEquals(80.0, a.getNumber("successRate").doubleValue(), 1e-9);
    assertEquals(20.0, a.getNumber("errorRate").doubleValue(), 1e-9);
    assertEquals(0, a.getLong("consecutiveFailures", -1));
    assertEquals(3, a.getObject("latencyPercentiles").getLong("count", -1));
    assertEquals("2026-11-28T10:05:40Z", a.getString("lastSuccessAt"));
    assertEquals("2026-11-28T09:00:10Z", a.getString("lastFailureAt"));
    JsonArray keys = a.getArray("keyMetrics");
    assertEquals(2, keys.size());
    JsonObject k1 = keys.get(0).asObject();
    assertEquals(Keys.mask(MetricsEndToEndTest.KEY_A1), k1.getString("keyMask"));
    assertEquals(Keys.fingerprint(MetricsEndToEndTest.KEY_A1), k1.getString("keyFingerprint"));
    assertEquals(4, k1.getLong("requestCount", -1));
    assertEquals(2, k1.getLong("successCount", -1));
    assertEquals(1, k1.getLong("failureCount", -1));
    assertEquals(50.0, k1.getNumber("successRate").doubleValue(), 1e-9);
    JsonObject k2 = keys.get(1).asObject();
    assertEquals(Keys.mask(MetricsEndToEndTest.KEY_A2), k2.getString("keyMask"));
    assertEquals(1, k2.getLong("requestCount", -1));
    assertEquals(100.0, k2.getNumber("successRate").doubleValue(), 1e-9);
    JsonObject w = a.getObject("timeWindows");
    assertEquals(List.of("15m", "1h", "6h", "24h"), new ArrayList<>(w.names()));
    for (String recent : List.of("15m", "1h")) {
      assertEquals(Json.parse("{\"requestCount\":3,\"successCount\":3,\"failureCount\":0,\"successRate\":100,"
          + "\"inputTokens\":41,\"outputTokens\":21,\"cacheReadTokens\":70,\"cacheHitRate\":"
          + JsonNumber.of(70 * 100.0 / 111) + "}"), w.get(recent), recent);
    }
    for (String day : List.of("6h", "24h")) {
      assertEquals(Json.parse("{\"requestCount\":5,\"successCount\":4,\"failureCount\":1,\"successRate\":80,"
          + "\"inputTokens\":141,\"outputTokens\":41,\"cacheReadTokens\":120,\"cacheCreationTokens\":10,"
          + "\"cacheHitRate\":" + JsonNumber.of(120 * 100.0 / 261) + "}"), w.get(day), day);
    }
    JsonObject b = metrics.get(1).asObject();
    assertEquals("ch-b", b.getString("channelId"));
    assertEquals(1, b.getLong("requestCount", -1));
    assertEquals(100.0, b.getNumber("successRate").doubleValue(), 1e-9);
    assertEquals(Json.parse("{\"requestCount\":1,\"successCount\":1,\"failureCount\":0,\"successRate\":100,"
        + "\"inputTokens\":7,\"outputTokens\":3}"), b.getObject("timeWindows").get("15m"));
    assertNull(b.get("lastFailureAt"));
  }

  static void globalHistory(Http http) throws Exception {
    JsonObject h = Json.parse(http.get("/api/messages/global/stats/history?duration=1h")).asObject();
    JsonArray points = h.getArray("dataPoints");
    assertEquals(61, points.size());
    assertEquals("2026-11-28T09:07:00Z", points.get(0).asObject().getString("timestamp"));
    assertEquals(point("2026-11-28T10:01:00Z", 1, 1, 0, 100, 30, 15, 0, 70), points.get(54));
    assertEquals(point("2026-11-28T10:06:00Z", 2, 2, 0, 100, 11, 6, 0, 0), points.get(59));
    assertEquals(point("2026-11-28T10:07:00Z", 1, 1, 0, 100, 7, 3, 0, 0), points.get(60));
    assertEquals(point("2026-11-28T10:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0), points.get(53));
    assertEquals(Json.parse("{\"totalRequests\":4,\"totalSuccess\":4,\"totalFailure\":0,\"totalInputTokens\":48,"
        + "\"totalOutputTokens\":24,\"totalCacheCreationTokens\":0,\"totalCacheReadTokens\":70,"
        + "\"avgSuccessRate\":100,\"duration\":\"1h0m0s\"}"), h.get("summary"));

    h = Json.parse(http.get("/api/messages/global/stats/history?duration=6h")).asObject();
    points = h.getArray("dataPoints");
    assertEquals(73, points.size());
    assertEquals(point("2026-11-28T09:05:00Z", 2, 1, 1, 50, 100, 20, 10, 50), points.get(59));
    assertEquals(point("2026-11-28T10:05:00Z", 1, 1, 0, 100, 30, 15, 0, 70), points.get(71));
    assertEquals(point("2026-11-28T10:10:00Z", 3, 3, 0, 100, 18, 9, 0, 0), points.get(72));
    JsonObject summary = h.getObject("summary");
    assertEquals(6, summary.getLong("totalRequests", -1));
    assertEquals(1, summary.getLong("totalFailure", -1));
    assertEquals(148, summary.getLong("totalInputTokens", -1));
    assertEquals(500.0 / 6, summary.getNumber("avgSuccessRate").doubleValue(), 1e-9);
    assertEquals("6h0m0s", summary.getString("duration"));

    h = Json.parse(http.get("/api/messages/global/stats/history")).asObject();
    assertEquals(97, h.getArray("dataPoints").size());
    assertEquals("24h0m0s", h.getObject("summary").getString("duration"));

    h = Json.parse(http.get("/api/messages/global/stats/history?duration=today")).asObject();
    assertEquals(41, h.getArray("dataPoints").size());
    assertEquals("2026-11-28T00:15:00Z", h.getArray("dataPoints").get(0).asObject().getString("timestamp"));
    assertEquals("today", h.getObject("summary").getString("duration"));
    assertEquals(6, h.getObject("summary").getLong("totalRequests", -1));

    h = Json.parse(http.get("/api/messages/global/stats/history?duration=0")).asObject();
    assertEquals(0, h.getArray("dataPoints").size());
    assertEquals("0s", h.getObject("summary").getString("duration"));
    assertEquals(0, h.getObject("summary").getLong("totalRequests", -1));

    h = Json.parse(http.get("/api/gemini/global/stats/history?duration=1h&interval=30s")).asObject();
    assertEquals(61, h.getArray("dataPoints").size());
    assertEquals(0, h.getObject("summary").getLong("totalRequests", -1));
  }

  static void channelHistory(Http http) throws Exception {
    JsonArray h = Json.parse(http.get("/api/messages/channels/metrics/history?duration=6h")).asArray();
    assertEquals(2, h.size());
    JsonObject a = h.get(0).asObject();
    assertEquals("ch-a", a.getString("channelId"));
    assertEquals(0, a.getLong("channelIndex", -1));
    JsonArray points = a.getArray("dataPoints");
    assertEquals(73, points.size());
    assertEquals(Json.parse("{\"timestamp\":\"2026-11-28T09:00:00Z\",\"requestCount\":2,\"successCount\":1,"
        + "\"failureCount\":1,\"successRate\":50}"), points.get(59));
    assertEquals(Json.parse("{\"timestamp\":\"2026-11-28T10:00:00Z\",\"requestCount\":1,\"successCount\":1,"
        + "\"failureCount\":0,\"successRate\":100}"), points.get(71));
    assertEquals(2, points.get(72).asObject().getLong("requestCount", -1));
    assertEquals(Json.parse("{\"timestamp\":\"2026-11-28T04:05:00Z\",\"requestCount\":0,\"successCount\":0,"
        + "\"failureCount\":0,\"successRate\":0}"), points.get(0));
    JsonArray b = h.get(1).asObject().getArray("dataPoints");
    assertEquals(1, b.get(72).asObject().getLong("requestCount", -1));
    long sumB = 0;
    for (JsonValue p : b) sumB += p.asObject().getLong("requestCount", 0);
    assertEquals(1, sumB);

    JsonArray manual = Json.parse(http.get("/api/messages/channels/metrics/history?duration=1h&interval=5m")).asArray();
    JsonArray mp = manual.get(0).asObject().getArray("dataPoints");
    assertEquals(13, mp.size());
    assertEquals("2026-11-28T09:05:00Z", mp.get(0).asObject().getString("timestamp"));
    assertEquals(1, mp.get(11).asObject().getLong("requestCount", -1));
    assertEquals(2, mp.get(12).asObject().getLong("requestCount", -1));
  }

  static void keyHistory(Http http) throws Exception {
    String byId = http.get("/api/messages/channels/ch-a/keys/metrics/history?duration=1h");
    assertEquals(byId, http.get("/api/messages/channels/0/keys/metrics/history?duration=1h"));
    JsonObject h = Json.parse(byId).asObject();
    assertEquals("ch-a", h.getString("channelId"));
    assertEquals("alpha", h.getString("channelName"));
    JsonArray keys = h.getArray("keys");
    assertEquals(2, keys.size());
    JsonObject k1 = keys.get(0).asObject();
    assertEquals(Keys.mask(MetricsEndToEndTest.KEY_A1), k1.getString("keyMask"));
    assertEquals("#3b82f6", k1.getString("color"));
    assertEquals(61, k1.getArray("dataPoints").size());
    assertEquals(point("2026-11-28T10:01:00Z", 1, 1, 0, 100, 30, 15, 0, 70), k1.getArray("dataPoints").get(54));
    JsonObject k2 = keys.get(1).asObject();
    assertEquals("#f97316", k2.getString("color"));
    assertEquals(point("2026-11-28T10:06:00Z", 1, 1, 0, 100, 10, 5, 0, 0), k2.getArray("dataPoints").get(59));
    assertEquals(73, Json.parse(http.get("/api/messages/channels/ch-b/keys/metrics/history")).asObject()
        .getArray("keys").get(0).asObject().getArray("dataPoints").size());

    try (Response r = http.call("/api/messages/channels/nope/keys/metrics/history")) {
      assertEquals(404, r.code());
      assertEquals("{\"error\":{\"message\":\"channel not found: nope\"}}", r.body().string());
    }
    try (Response r = http.call("/api/messages/channels/7/keys/metrics/history")) {
      assertEquals(404, r.code());
    }
  }

  static void dashboard(Http http) throws Exception {
    String body = http.get("/api/messages/channels/dashboard");
    for (String key : List.of(MetricsEndToEndTest.KEY_A1, MetricsEndToEndTest.KEY_A2, MetricsEndToEndTest.KEY_OLD, MetricsEndToEndTest.KEY_B1)) assertFalse(body.contains(key), "full key in dashboard");
    JsonObject d = Json.parse(body).asObject();
    JsonArray views = d.getArray("channels");
    assertEquals(2, views.size());
    JsonObject va = views.get(0).asObject();
    assertEquals("ch-a", va.getString("id"));
    assertEquals(Json.parse("[\"" + Keys.mask(MetricsEndToEndTest.KEY_A1) + "\",\"" + Keys.mask(MetricsEndToEndTest.KEY_A2) + "\"]"), va.get("apiKeys"));
    assertEquals("active", va.getString("status"));
    assertEquals("failover", d.getString("loadBalance"));
    assertEquals(Json.parse(http.get("/api/messages/channels/metrics")), d.get("metrics"));
    // The scheduler's live state (breakers, cooldowns) rides along; it is in memory only.
    assertEquals("messages", d.getObject("stats").getString("kind"));
    JsonArray activity = d.getArray("recentActivity");
    JsonObject aa = activity.get(0).asObject();
    JsonArray segs = aa.getArray("segments");
    assertEquals(150, segs.size());
    assertEquals(Json.parse("{\"requestCount\":1,\"successCount\":1,\"failureCount\":0,\"inputTokens\":30,"
        + "\"outputTokens\":15}"), segs.get(84));
    assertEquals(1, segs.get(134).asObject().getLong("requestCount", -1));
    assertEquals(1, segs.get(139).asObject().getLong("requestCount", -1));
    long sum = 0;
    for (JsonValue s : segs) sum += s.asObject().getLong("requestCount", 0);
    assertEquals(3, sum);
    assertEquals(0.2, aa.getNumber("rpm").doubleValue(), 1e-12);
    assertEquals(21 / 15.0, aa.getNumber("tpm").doubleValue(), 1e-12);
    JsonObject ab = activity.get(1).asObject();
    assertEquals(1, ab.getArray("segments").get(144).asObject().getLong("requestCount", -1));
    assertEquals(1 / 15.0, ab.getNumber("rpm").doubleValue(), 1e-12);
    assertEquals(0.2, ab.getNumber("tpm").doubleValue(), 1e-12);

    JsonObject responses = Json.parse(http.get("/api/messages/channels/dashboard?type=responses")).asObject();
    assertEquals(0, responses.getArray("channels").size());
    assertEquals(Json.parse(http.get("/api/responses/channels/dashboard")), responses);
  }

  static JsonValue point(String timestamp, long requests, long successes, long failures, double rate,
      long input, long output, long cacheCreation, long cacheRead) {
    return new JsonObject().put("timestamp", timestamp).put("requestCount", requests).put("successCount", successes)
        .put("failureCount", failures).put("successRate", JsonNumber.of(rate))
        .put("inputTokens", input).put("outputTokens", output).put("cacheCreationTokens", cacheCreation)
        .put("cacheReadTokens", cacheRead);
  }
}
