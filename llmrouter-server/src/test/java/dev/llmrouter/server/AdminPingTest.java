package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPingTest {
  private static final String CLAUDE_KEY = "sk-ant-api03-pingkey-aaaa1111";
  private static final String OPENAI_KEY = "sk-openai-pingkey-bbbb2222";
  private static final String GEMINI_KEY = "AIzaSy-pingkey-cccc3333";

  @TempDir Path dir;
  private AdminHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.assertNoAnswerContains(List.of(CLAUDE_KEY, OPENAI_KEY, GEMINI_KEY));
      h.close();
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void claudeChannelReportsEachBaseUrlAndWhetherTheKeyIsAccepted() throws Exception {
    int dead = closedPort();
    h = AdminHarness.start(dir, 1, "{\"upstream\":[{\"id\":\"ch-c\",\"name\":\"c\",\"serviceType\":\"claude\","
        + "\"baseUrls\":[\"{up0}\",\"http://127.0.0.1:" + dead + "\"],\"apiKeys\":[\"" + CLAUDE_KEY + "\"]}]}");
    h.upstreams.get(0).enqueue(new MockResponse.Builder().body("{\"data\":[]}").build());
    AdminHarness.Answer a = h.get("/api/messages/ping/ch-c");
    assertEquals(200, a.status(), a.body());
    JsonObject o = a.json();
    assertEquals("ch-c", o.getString("id"));
    assertEquals(0, o.getLong("index", -1));
    assertTrue(o.getBoolean("success", false));
    assertTrue(o.getBoolean("keyAccepted", false));
    assertEquals("sk-ant-a…1111", o.getObject("key").getString("masked"));
    JsonArray results = o.getArray("results");
    assertEquals(2, results.size());
    JsonObject up = results.get(0).asObject();
    assertTrue(up.getBoolean("reachable", false));
    assertEquals(200, up.getLong("statusCode", 0));
    assertTrue(up.getLong("latencyMs", -1) >= 0);
    JsonObject down = results.get(1).asObject();
    assertEquals("http://127.0.0.1:" + dead, down.getString("baseUrl"));
    assertFalse(down.getBoolean("reachable", true));
    assertTrue(down.getString("error").length() > 0);
    RecordedRequest r = h.upstreams.get(0).takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/v1/models", r.getTarget());
    assertEquals(CLAUDE_KEY, r.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", r.getHeaders().get("anthropic-version"));
  }

  @Test
  void openAiStyleChannelsUseBearerAndARefusedKeyIsReported() throws Exception {
    h = AdminHarness.start(dir, 1, "{\"responsesUpstream\":[{\"id\":\"ch-r\",\"serviceType\":\"responses\","
        + "\"baseUrl\":\"{up0}/v1\",\"apiKeys\":[\"" + OPENAI_KEY + "\"]}]}");
    h.upstreams.get(0).enqueue(new MockResponse.Builder().code(401).body("{\"error\":{}}").build());
    JsonObject o = h.get("/api/responses/ping/0").json();
    assertTrue(o.getBoolean("success", false), "the URL answered");
    assertFalse(o.getBoolean("keyAccepted", true));
    RecordedRequest r = h.upstreams.get(0).takeRequest();
    assertEquals("/v1/models", r.getTarget());
    assertEquals("Bearer " + OPENAI_KEY, r.getHeaders().get("Authorization"));
  }

  @Test
  void geminiChannelsUseTheirModelsListAndKeyHeader() throws Exception {
    h = AdminHarness.start(dir, 1, "{\"geminiUpstream\":[{\"id\":\"ch-g\",\"serviceType\":\"gemini\","
        + "\"baseUrl\":\"{up0}\",\"apiKeys\":[\"" + GEMINI_KEY + "\"]}]}");
    h.upstreams.get(0).enqueue(new MockResponse.Builder().code(404).build());
    JsonObject o = h.get("/api/gemini/ping/ch-g").json();
    assertTrue(o.getBoolean("success", false));
    assertTrue(o.get("keyAccepted").isNull(), "a 404 says nothing about the key");
    RecordedRequest r = h.upstreams.get(0).takeRequest();
    assertEquals("/v1beta/models", r.getTarget());
    assertEquals(GEMINI_KEY, r.getHeaders().get("x-goog-api-key"));
  }

  @Test
  void pingAllProbesEveryChannelConcurrentlyAndAnswersInListOrder() throws Exception {
    h = AdminHarness.start(dir, 3, "{\"upstream\":["
        + "{\"id\":\"ch-slow\",\"serviceType\":\"claude\",\"baseUrl\":\"{up0}\",\"apiKeys\":[\"" + CLAUDE_KEY + "\"]},"
        + "{\"id\":\"ch-ok\",\"serviceType\":\"openai\",\"baseUrl\":\"{up1}\",\"apiKeys\":[\"" + OPENAI_KEY + "\"]},"
        + "{\"id\":\"ch-bad\",\"serviceType\":\"claude\",\"baseUrl\":\"{up2}\",\"apiKeys\":[\"" + CLAUDE_KEY + "x\"]}]}");
    h.upstreams.get(0).enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    h.upstreams.get(1).enqueue(new MockResponse.Builder().body("{}").build());
    h.upstreams.get(2).enqueue(new MockResponse.Builder().code(403).build());
    long start = System.nanoTime();
    AdminHarness.Answer a = h.get("/api/messages/ping");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, a.status(), a.body());
    JsonArray channels = a.json().getArray("channels");
    assertEquals(3, channels.size());
    JsonObject slow = channels.get(0).asObject();
    assertEquals("ch-slow", slow.getString("id"));
    assertFalse(slow.getBoolean("success", true));
    assertEquals("timeout", slow.getArray("results").get(0).asObject().getString("error"));
    assertEquals("ch-ok", channels.get(1).asObject().getString("id"));
    assertTrue(channels.get(1).asObject().getBoolean("keyAccepted", false));
    assertEquals("ch-bad", channels.get(2).asObject().getString("id"));
    assertFalse(channels.get(2).asObject().getBoolean("keyAccepted", true));
    // One timeout (1.5 s) bounds the whole ping: the channels were not probed one after another.
    assertTrue(millis < 4000, "ping took " + millis + " ms");
  }

  @Test
  void pingOfAnEmptyListIsEmpty() throws Exception {
    h = AdminHarness.start(dir, 0, "{}");
    assertEquals("{\"channels\":[]}", h.get("/api/gemini/ping").body());
  }
}
