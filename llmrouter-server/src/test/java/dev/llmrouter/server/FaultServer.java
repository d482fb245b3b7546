package dev.llmrouter.server;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.testing.FaultyUpstream;
import dev.llmrouter.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The whole server ({@link ServerApp}, from settings as the environment gives them) on an
 * ephemeral port in front of one {@link FaultyUpstream}, with one channel to it and a test client.
 * Timeouts and limits are small so that every fault shows quickly. Close it after each test.
 */
final class FaultServer implements AutoCloseable {
  static final String KEY = "fault-access-key-0123456789";
  static final String MESSAGES = "{\"model\":\"claude-x\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String MESSAGES_STREAM = MESSAGES.replace("}]}", "}],\"stream\":true}");
  static final String OK_MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  static final String STREAM_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"usage\":{\"input_tokens\":1,"
      + "\"output_tokens\":1}}}\n\n";
  static final String STREAM_REST = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
      + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
      + "\"text_delta\",\"text\":\"hello\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
      + "\"usage\":{\"output_tokens\":2}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  final String serviceType;
  final FaultyUpstream upstream;
  final ServerApp app;
  final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
      .retryOnConnectionFailure(false).build();

  /**
   * Starts the server with one channel of {@code serviceType} on the upstream.
   *
   * @param env settings over the test defaults (connect, header and idle timeouts 1 s, total 1.5 s,
   *     1 MiB per event and per body, idle connections kept 30 s)
   */
  FaultServer(Path dir, String serviceType, Map<String, String> env) throws IOException {
    this(dir, serviceType, env, null);
  }

  /**
   * As above, with a second channel of the same client API after the first.
   *
   * @param otherChannel the second channel's JSON, or null for none
   */
  FaultServer(Path dir, String serviceType, Map<String, String> env, String otherChannel) throws IOException {
    this(dir, "upstream", serviceType, env, otherChannel);
  }

  /**
   * As above, the channels in a client API's list of the channel file ({@code upstream} for
   * Messages, {@code geminiUpstream} for Gemini, {@code responsesUpstream} for Responses).
   */
  FaultServer(Path dir, String list, String serviceType, Map<String, String> env, String otherChannel)
      throws IOException {
    this.serviceType = serviceType;
    upstream = new FaultyUpstream();
    Path config = dir.resolve("config.json");
    String channels = "[{\"id\":\"ch-f\",\"name\":\"faulty\",\"serviceType\":\"" + serviceType
        + "\",\"baseUrl\":\"" + upstream.url() + "\",\"apiKeys\":[\"sk-fault-key-1\"],\"status\":\"active\"}"
        + (otherChannel == null ? "" : "," + otherChannel) + "]";
    Map<String, String> lists = new java.util.LinkedHashMap<>(Map.of("upstream", "[]", "responsesUpstream", "[]",
        "geminiUpstream", "[]"));
    lists.put(list, channels);
    StringBuilder json = new StringBuilder("{");
    lists.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":")
        .append(value));
    Files.writeString(config, json.append('}').toString());
    Map<String, String> e = new HashMap<>(Map.of("PORT", "0", "LISTEN_HOST", "127.0.0.1", "PROXY_ACCESS_KEY", KEY,
        "CONFIG_FILE", config.toString(), "METRICS_PERSISTENCE_ENABLED", "false", "CONNECT_TIMEOUT", "1",
        "RESPONSE_HEADER_TIMEOUT", "1", "STREAM_IDLE_TIMEOUT", "1", "REQUEST_TIMEOUT", "1500"));
    e.putAll(Map.of("MAX_SSE_EVENT_MB", "1", "MAX_RESPONSE_BODY_MB", "1", "UPSTREAM_IDLE_KEEPALIVE_S", "30"));
    e.putAll(env);
    try {
      app = ServerApp.start(Settings.from(ConfigFactory.empty(), e), null);
    } catch (RuntimeException ex) {
      upstream.close();
      throw ex;
    }
  }

  /** Posts a Messages request and returns the answer; the caller closes it. */
  Response messages(String body) throws IOException {
    return messages(client, body);
  }

  /** Posts a Messages request with {@code through} (this server's client, rebuilt) and returns the answer. */
  Response messages(OkHttpClient through, String body) throws IOException {
    return through.newCall(new Request.Builder().url("http://127.0.0.1:" + app.port() + "/v1/messages")
        .header("x-api-key", KEY).post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  /** Posts a Messages request and reads the whole answer as {@code status + " " + body}. */
  String exchange(String body) throws IOException {
    try (Response r = messages(body)) {
      return r.code() + " " + r.body().string();
    }
  }

  /** The channel's first breaker row of the scheduler stats (failures, results, state). */
  JsonObject breaker() {
    JsonObject stats = app.router().schedulerStats(ApiKind.MESSAGES);
    JsonObject channel = stats.getArray("channels").get(0).asObject();
    return channel.getArray("breakers").get(0).asObject();
  }

  /** The channel's base URL cooldowns of the scheduler stats. */
  int urlCooldowns() {
    JsonObject channel = app.router().schedulerStats(ApiKind.MESSAGES).getArray("channels").get(0).asObject();
    return channel.getArray("baseUrlCooldowns").size();
  }

  /** Reads a counter from GET /metrics. */
  double metric(String name) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + app.port() + "/metrics")
        .header("x-api-key", KEY).build()).execute()) {
      for (String line : r.body().string().split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    throw new AssertionError("no metric " + name);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    app.close();
    upstream.close();
  }
}
