package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.server.config.Settings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONVERSION_STRICT=true restores refusing what a channel type cannot express, naming its JSON path. */
class ConversionStrictTest {
  private static final String KEY = "strict-access-key-0123";

  @Test
  void strictServerRefusesCodexsHostedToolOnAChatChannelBeforeAnyUpstreamCall(@TempDir Path dir) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      Path file = dir.resolve("config.json");
      Files.writeString(file, "{\"responsesUpstream\":[{\"id\":\"ch-chat\",\"serviceType\":\"openai\",\"baseUrl\":\""
          + upstream.url("/") + "\",\"apiKeys\":[\"sk-chat-key-0000000\"],\"status\":\"active\"}]}");
      Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "CONFIG_FILE", file.toString(),
          "LISTEN_HOST", "127.0.0.1", "PROXY_ACCESS_KEY", KEY, "METRICS_PERSISTENCE_ENABLED", "false",
          "CONVERSION_STRICT", "true"));
      JsonObject body;
      try (InputStream in = getClass().getResourceAsStream("/clients/codex-0.171.0-first-turn.json")) {
        body = Json.parseObject(in.readAllBytes()).getObject("body").put("stream", false);
      }
      OkHttpClient client = new OkHttpClient();
      try (ServerApp app = ServerApp.start(s, null)) {
        Request request = new Request.Builder().url("http://127.0.0.1:" + app.port() + "/v1/responses").header("x-api-key", KEY)
            .post(RequestBody.create(Json.writeString(body), MediaType.get("application/json"))).build();
        try (Response r = client.newCall(request).execute()) {
          String text = r.body().string();
          assertEquals(400, r.code(), text);
          assertNull(r.header("x-llmrouter-dropped"));
          JsonObject error = Json.parseObject(text).getObject("error");
          assertEquals("tools[9]: tool type 'web_search' cannot be sent to this channel", error.getString("message"));
          assertTrue(error.getString("type").contains("invalid_request"), text);
        }
      } finally {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
      assertNull(upstream.takeRequest(0, TimeUnit.SECONDS), "nothing reached the upstream");
    }
  }
}
