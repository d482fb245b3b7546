package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server wires the channel store, its file watcher and the admin routes. */
class ServerAppAdminTest {
  private final OkHttpClient client = new OkHttpClient();

  @Test
  void adminEditsReachTheRouterAndTheFileAndHandEditsAreReloaded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "CONFIG_FILE", file.toString(),
        "LISTEN_HOST", "127.0.0.1", "PROXY_ACCESS_KEY", "app-key-0123456789", "ADMIN_ACCESS_KEY", "admin-key-0123456789"));
    try (LogCapture logs = new LogCapture(); ServerApp app = ServerApp.start(s, null)) {
      String base = "http://127.0.0.1:" + app.port();
      Request create = new Request.Builder().url(base + "/api/messages/channels")
          .post(RequestBody.create("{\"id\":\"ch-app\",\"serviceType\":\"claude\",\"baseUrl\":\"https://a.example.com\","
              + "\"apiKeys\":[\"sk-ant-api03-app-key-00001111\"]}", MediaType.get("application/json")))
          .header("x-api-key", "admin-key-0123456789").build();
      try (Response r = client.newCall(create).execute()) {
        assertEquals(201, r.code());
      }
      assertEquals("ch-app", app.router().snapshot().channels(ApiKind.MESSAGES).get(0).id());
      assertTrue(Files.readString(file).contains("sk-ant-api03-app-key-00001111"));
      try (Response r = client.newCall(create.newBuilder().header("x-api-key", "app-key-0123456789").build()).execute()) {
        assertEquals(401, r.code(), "the proxy key must not open the admin API when an admin key is set");
      }

      Files.writeString(file, Files.readString(file).replace("https://a.example.com", "https://b.example.com"));
      assertTrue(logs.await(t -> t.contains("[Config-Watcher] reloaded"), Duration.ofSeconds(2)), "no reload");
      assertEquals("https://b.example.com", app.router().snapshot().channels(ApiKind.MESSAGES).get(0).baseUrl());
      Request list = new Request.Builder().url(base + "/api/messages/channels").header("x-api-key", "admin-key-0123456789").build();
      try (Response r = client.newCall(list).execute()) {
        assertEquals("https://b.example.com",
            Json.parseObject(r.body().string()).getArray("channels").get(0).asObject().getString("baseUrl"));
      }
    }
  }
}
