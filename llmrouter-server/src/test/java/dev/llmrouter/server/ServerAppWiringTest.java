package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server's parts work together: router, channel store and admin API. */
class ServerAppWiringTest {
  private static final String KEY = "wiring-access-key-0123";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private final OkHttpClient client = new OkHttpClient();

  @Test
  void keysDemotedByTheRouterArePersistedAndResumeClearsCooldowns(@TempDir Path dir) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      Path file = dir.resolve("config.json");
      Files.writeString(file, "{\"upstream\":[{\"id\":\"ch-one\",\"serviceType\":\"claude\",\"baseUrl\":\"" + upstream.url("/")
          + "\",\"apiKeys\":[\"sk-ant-first-key-000\",\"sk-ant-second-key-00\"],\"status\":\"active\"}]}");
      Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "CONFIG_FILE", file.toString(),
          "LISTEN_HOST", "127.0.0.1", "PROXY_ACCESS_KEY", KEY));
      try (ServerApp app = ServerApp.start(s, null)) {
        String base = "http://127.0.0.1:" + app.port();
        upstream.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "120")
            .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"quota exceeded\"}}").build());
        upstream.enqueue(new MockResponse.Builder().body(ANSWER).build());
        Request messages = new Request.Builder().url(base + "/v1/messages").header("x-api-key", KEY)
            .post(RequestBody.create("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}", MediaType.get("application/json")))
            .build();
        try (Response r = client.newCall(messages).execute()) {
          assertEquals(200, r.code());
          assertEquals("2", r.header("x-llmrouter-attempts"));
        }
        assertEquals(List.of("sk-ant-second-key-00", "sk-ant-first-key-000"),
            app.router().snapshot().channels(ApiKind.MESSAGES).get(0).apiKeys());
        assertTrue(await(() -> Files.readString(file).indexOf("sk-ant-second-key-00") < Files.readString(file)
            .indexOf("sk-ant-first-key-000")), "the demotion never reached the file");

        Request stats = new Request.Builder().url(base + "/api/messages/channels/scheduler/stats").header("x-api-key", KEY).build();
        assertEquals(1, cooldowns(stats).size());
        Request metrics = new Request.Builder().url(base + "/metrics").header("x-api-key", KEY).build();
        assertTrue(scrape(metrics).contains("llmrouter_key_cooldowns{channel=\"ch-one\",kind=\"messages\",name=\"ch-one\"} 1.0"),
            scrape(metrics));
        assertTrue(scrape(metrics).contains("llmrouter_channel_healthy{channel=\"ch-one\",kind=\"messages\",name=\"ch-one\"} 1.0"));
        Request resume = new Request.Builder().url(base + "/api/messages/channels/ch-one/resume").header("x-api-key", KEY)
            .post(RequestBody.create(new byte[0])).build();
        try (Response r = client.newCall(resume).execute()) {
          assertEquals(200, r.code());
        }
        assertEquals(0, cooldowns(stats).size());
        assertTrue(scrape(metrics).contains("llmrouter_key_cooldowns{channel=\"ch-one\",kind=\"messages\",name=\"ch-one\"} 0.0"));
      }
    }
  }

  private String scrape(Request metrics) throws Exception {
    try (Response r = client.newCall(metrics).execute()) {
      assertEquals(200, r.code());
      return r.body().string();
    }
  }

  private JsonArray cooldowns(Request stats) throws Exception {
    try (Response r = client.newCall(stats).execute()) {
      JsonObject body = Json.parseObject(r.body().string());
      return body.getArray("channels").get(0).asObject().getArray("keyCooldowns");
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static boolean await(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    CountDownLatch never = new CountDownLatch(1);
    while (System.nanoTime() < deadline) {
      if (check.ok()) return true;
      never.await(20, TimeUnit.MILLISECONDS);
    }
    return check.ok();
  }
}
