package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.server.config.ChannelFile;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAppTest {
  private final OkHttpClient client = new OkHttpClient();

  @Test
  void startsWithNoSetupCreatesTheChannelFileAndGeneratesAKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".config/config.json");
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "CONFIG_FILE", file.toString(),
        "LISTEN_HOST", "127.0.0.1"));
    try (ServerApp app = ServerApp.start(s, null)) {
      assertTrue(Files.exists(file));
      assertTrue(app.generatedKey());
      assertTrue(app.accessKey().length() >= 40);
      String base = "http://127.0.0.1:" + app.port();
      try (Response r = client.newCall(new Request.Builder().url(base + "/health").build()).execute()) {
        assertEquals(200, r.code());
      }
      Request noKey = new Request.Builder().url(base + "/v1/messages")
          .post(RequestBody.create("{\"model\":\"m\"}", MediaType.get("application/json"))).build();
      try (Response r = client.newCall(noKey).execute()) {
        assertEquals(401, r.code());
        assertTrue(r.body().string().contains("\"authentication_error\""));
      }
      Request withKey = noKey.newBuilder().header("x-api-key", app.accessKey()).build();
      try (Response r = client.newCall(withKey).execute()) {
        assertEquals(503, r.code());
      }
    }
  }

  @Test
  void malformedChannelFileStopsStartUpNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\n  \"upstream\": [\n    {\"baseUrl\": }\n  ]\n}\n");
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", "0", "CONFIG_FILE", file.toString()));
    ChannelFile.ChannelFileException e = assertThrows(ChannelFile.ChannelFileException.class, () -> ServerApp.start(s, null));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertEquals("{\n  \"upstream\": [\n    {\"baseUrl\": }\n  ]\n}\n", Files.readString(file));
    assertFalse(Files.exists(dir.resolve("config.json.tmp")));
  }
}
