package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The server behind the console's browser tests: a real {@link ServerApp} on an ephemeral port
 * whose channels all point at one MockWebServer (a Claude answer with usage for each POST, 503 for
 * a request that says {@code please-fail}, 200 for the ping's GET), and helpers that read the
 * channel file as the server wrote it.
 */
final class ConsoleFixture implements AutoCloseable {
  static final String KEY = "console-key-0123456789";
  private static final MediaType JSON = MediaType.get("application/json");

  final MockWebServer upstream = new MockWebServer();
  final OkHttpClient http = new OkHttpClient();
  final Path dir;
  final Path file;
  ServerApp app;
  final String base;

  ConsoleFixture() throws IOException {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (body.contains("please-fail")) {
          return new MockResponse.Builder().code(503).addHeader("Content-Type", "application/json")
              .body("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}").build();
        }
        if (request.getMethod().equals("POST")) {
          return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(
              "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":"
                  + "[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\","
                  + "\"usage\":{\"input_tokens\":120,\"output_tokens\":30}}").build();
        }
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"data\":[]}").build();
      }
    });
    upstream.start();
    dir = Files.createTempDirectory("llmrouter-console");
    file = dir.resolve("config.json");
    String url = upstreamUrl();
    Files.writeString(file, "{\"upstream\":["
        + channel("ch-alpha", "Alpha", "claude", url, "sk-ant-api03-alpha-key-000011112222", 1)
        + "," + channel("ch-beta", "Beta", "claude", url, "sk-ant-api03-beta-key-000033334444", 2)
        + "," + channel("ch-gamma", "Gamma", "claude", url, "sk-ant-api03-gamma-key-000055556666", 3)
        + "],\"geminiUpstream\":[" + channel("g-one", "Gemini one", "gemini", url, "AIzaSy-gemini-key-000077778888", 1)
        + "],\"fuzzyModeEnabled\":false}");
    app = startApp(0);
    base = "http://127.0.0.1:" + app.port();
  }

  String upstreamUrl() {
    return upstream.url("/").toString().replaceAll("/$", "");
  }

  /** Stops the server (see {@link #startAgain}). */
  int stopServer() {
    int port = app.port();
    app.close();
    return port;
  }

  /** Starts the server again on the given port, with the same files. */
  void startAgain(int port) {
    app = startApp(port);
  }

  private ServerApp startApp(int port) {
    Settings s = Settings.from(ConfigFactory.empty(), Map.of("PORT", String.valueOf(port), "CONFIG_FILE",
        file.toString(), "LISTEN_HOST", "127.0.0.1", "PROXY_ACCESS_KEY", KEY));
    return ServerApp.start(s, null);
  }

  private static String channel(String id, String name, String type, String url, String key, int priority) {
    return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"serviceType\":\"" + type + "\",\"baseUrl\":\"" + url
        + "\",\"apiKeys\":[\"" + key + "\"],\"priority\":" + priority + ",\"status\":\"active\"}";
  }

  /** A GET of the admin API; asserts 200 and returns the body. */
  String admin(String path) throws IOException {
    try (Response res = http.newCall(new Request.Builder().url(base + path).header("x-api-key", KEY).build()).execute()) {
      assertEquals(200, res.code());
      return res.body().string();
    }
  }

  /** A Messages request through the router; returns its status. */
  int proxy(String text) throws IOException {
    Request r = new Request.Builder().url(base + "/v1/messages").header("x-api-key", KEY)
        .post(RequestBody.create("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + text + "\"}]}", JSON)).build();
    try (Response res = http.newCall(r).execute()) {
      return res.code();
    }
  }

  /** The ids of a list in the file ({@code upstream}, {@code geminiUpstream}, ...) by priority. */
  List<String> idsByPriority(String list) throws IOException {
    List<JsonObject> channels = new ArrayList<>();
    for (JsonValue v : Json.parseObject(Files.readString(file)).getArray(list)) channels.add(v.asObject());
    channels.sort(Comparator.comparingLong(c -> c.getLong("priority", 0)));
    List<String> ids = new ArrayList<>();
    for (JsonObject c : channels) ids.add(c.getString("id"));
    return ids;
  }

  /** A channel as the file holds it. */
  JsonObject channel(String list, String id) throws IOException {
    for (JsonValue v : Json.parseObject(Files.readString(file)).getArray(list)) {
      if (id.equals(v.asObject().getString("id"))) return v.asObject();
    }
    throw new AssertionError("no channel " + id + " in the file");
  }

  /** The file's text, or "" while it is being replaced. */
  String fileText() {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) for (JsonValue v : a) out.add(v.asString());
    return out;
  }

  @Override
  public void close() throws IOException {
    try {
      if (app != null) app.close();
    } finally {
      upstream.close();
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
