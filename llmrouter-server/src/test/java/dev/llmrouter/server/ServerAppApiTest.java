package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server serves count_tokens, models and Responses sessions as its settings say. */
class ServerAppApiTest {
  private final OkHttpClient client = new OkHttpClient();

  @Test
  void countTokensModelsAndSessionsAreServed(@TempDir Path dir) throws Exception {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "LISTEN_HOST", "127.0.0.1",
        "CONFIG_FILE", dir.resolve("config.json").toString(), "PROXY_ACCESS_KEY", "server-app-key-123456"));
    try (ServerApp app = ServerApp.start(s, null)) {
      String base = "http://127.0.0.1:" + app.port();
      Request count = new Request.Builder().url(base + "/v1/messages/count_tokens").header("x-api-key", app.accessKey())
          .post(RequestBody.create("{\"model\":\"claude-3\",\"system\":\"You are a helpful assistant.\","
              + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}", MediaType.get("application/json"))).build();
      try (Response r = client.newCall(count).execute()) {
        assertEquals("{\"input_tokens\":21}", r.body().string());
      }
      Request models = new Request.Builder().url(base + "/v1/models").header("x-api-key", app.accessKey()).build();
      try (Response r = client.newCall(models).execute()) {
        assertEquals("{\"object\":\"list\",\"data\":[]}", r.body().string());
      }
      Request unknown = new Request.Builder().url(base + "/v1/responses").header("x-api-key", app.accessKey())
          .post(RequestBody.create("{\"model\":\"m\",\"previous_response_id\":\"resp_x\",\"input\":\"hi\"}",
              MediaType.get("application/json"))).build();
      try (Response r = client.newCall(unknown).execute()) {
        assertEquals(404, r.code());
      }
    }
  }
}
