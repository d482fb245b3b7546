package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two server instances on ephemeral ports sharing one real Redis: what one instance learns (trace
 * affinity, an open breaker, a Responses conversation, an admin edit) the other uses, and a Redis
 * that dies under traffic and comes back fails no request.
 */
class SeveralInstancesTest {
  private static final Logger log = LoggerFactory.getLogger(SeveralInstancesTest.class);

  private static final String KEY = "instances-access-key-0123";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private static final String FAILURE = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";
  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir
  Path dir;
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RedisProcess redis;
  private MockWebServer first;
  private MockWebServer second;
  private MockWebServer conversations;

  @BeforeEach
  void setUp() throws Exception {
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    redis = RedisProcess.start(redisDir);
    first = upstream(n -> ok());
    second = upstream(n -> ok());
    conversations = upstream(n -> SessionUpstreams.CLAUDE.text(false, "Answer " + n + "."));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
    if (redis != null) redis.close();
  }

  @Test
  void affinityBoundOnOneInstanceIsHonouredOnTheOther() throws Exception {
    first.setDispatcher(dispatcher(n -> n == 1 ? failure() : ok()));
    ServerApp a = start(file("a"));
    ServerApp b = start(file("b"));

    try (Response r = messages(a, "session-1")) {
      assertEquals(200, r.code());
      assertEquals("ch-b", r.header("x-llmrouter-channel"), "the first channel fails once, the second answers");
    }
    try (Response r = messages(b, "session-1")) {
      assertEquals(200, r.code());
      assertEquals("ch-b", r.header("x-llmrouter-channel"), "B must follow the binding A made");
    }
    assertEquals(1, first.getRequestCount(), "B went to the priority channel instead of the bound one");
    assertEquals(2, second.getRequestCount());
  }

  @Test
  void breakerOpenedByFailuresOnOneInstanceSkipsTheChannelOnTheOther() throws Exception {
    first.setDispatcher(dispatcher(n -> failure()));
    ServerApp a = start(file("a"));
    ServerApp b = start(file("b"));

    for (int i = 0; i < 3; i++) {
      try (Response r = messages(a, null)) {
        assertEquals(200, r.code());
        assertEquals("2", r.header("x-llmrouter-attempts"));
      }
    }
    assertTrue(await(() -> breakerState(b).equals("open"), Duration.ofSeconds(5)),
        "the breaker A opened never opened on B: " + breakerState(b));
    try (Response r = messages(b, null)) {
      assertEquals(200, r.code());
      assertEquals("ch-b", r.header("x-llmrouter-channel"));
      assertEquals("1", r.header("x-llmrouter-attempts"), "B must skip the channel whose breaker A opened");
    }
    assertEquals(3, first.getRequestCount());
  }

  @Test
  void responsesConversationStartedOnOneInstanceContinuesOnTheOther() throws Exception {
    ServerApp a = start(file("a"));
    ServerApp b = start(file("b"));

    JsonObject turn1 = turn(a, "{\"model\":\"m\",\"input\":\"Hello?\"}");
    JsonObject turn2 = turn(b, "{\"model\":\"m\",\"previous_response_id\":\""
        + turn1.getString("id") + "\",\"input\":\"And then?\"}");
    assertFalse(turn2.getString("id").equals(turn1.getString("id")));
    conversations.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = conversations.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(List.of("user:text(Hello?)", "assistant:text(Answer 1.)", "user:text(And then?)"),
        SessionUpstreams.CLAUDE.conversation(Json.parseObject(second.getBody().utf8())));
  }

  @ParameterizedTest(name = "shared file: {0}")
  @ValueSource(booleans = {false, true})
  void adminEditOnOneInstanceIsAppliedOnTheOtherWithinOneSecond(boolean sharedFile) throws Exception {
    Path fileA = file("a");
    Path fileB = sharedFile ? fileA : file("b");
    ServerApp a = start(fileA);
    ServerApp b = start(fileB);

    long started = System.nanoTime();
    Request create = new Request.Builder().url(base(a) + "/api/messages/channels").header("x-api-key", KEY)
        .post(RequestBody.create("{\"id\":\"ch-new\",\"serviceType\":\"claude\",\"baseUrl\":\"https://new.example.com\","
            + "\"apiKeys\":[\"sk-ant-api03-new-key-00001111\"],\"priority\":5}", JSON)).build();
    try (Response r = client.newCall(create).execute()) {
      assertEquals(201, r.code(), r.body().string());
    }
    assertTrue(await(() -> b.router().snapshot().find(ApiKind.MESSAGES, "ch-new").isPresent(), Duration.ofSeconds(1)),
        "B did not apply A's edit within 1 s");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "took " + took);
    assertTrue(Files.readString(fileB).contains("ch-new"), "B's channel file must hold the change");
    Request list = new Request.Builder().url(base(b) + "/api/messages/channels").header("x-api-key", KEY).build();
    try (Response r = client.newCall(list).execute()) {
      assertTrue(r.body().string().contains("\"ch-new\""));
    }
  }

  @Test
  void redisStalledOrKilledUnderTrafficAndRestartedFailsNoRequest() throws Exception {
    ServerApp a = start(file("a"));
    ServerApp b = start(file("b"));
    assertTrue(await(() -> !a.router().stateStatus().degraded() && !b.router().stateStatus().degraded(),
        Duration.ofSeconds(10)), "never connected");

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger done = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread = new Thread(() -> traffic(id, a, b, running, done, failures), "traffic-" + t);
      thread.start();
      threads.add(thread);
    }
    try {
      awaitCount(done, 40);
      // A Redis that stops answering for two seconds: requests wait at most the short timeouts.
      Thread stall = new Thread(() -> {
        try {
          redis.stall(3);
        } catch (java.io.IOException e) {
          failures.add("stall: " + e);
        }
      }, "redis-stall");
      stall.start();
      assertTrue(await(() -> a.router().stateStatus().degraded() || b.router().stateStatus().degraded(),
          Duration.ofSeconds(10)), "a stalled Redis was never noticed");
      stall.join(30_000);
      awaitCount(done, done.get() + 40);
      redis.kill();
      assertTrue(await(() -> a.router().stateStatus().degraded() && b.router().stateStatus().degraded(),
          Duration.ofSeconds(30)), "the instances never noticed that Redis was gone");
      try (Response r = client.newCall(new Request.Builder().url(base(a) + "/health").build()).execute()) {
        JsonObject health = Json.parseObject(r.body().string());
        assertEquals(200, r.code());
        assertEquals("degraded", health.getObject("sharedState").getString("status"), health.toString());
      }
      try (Response r = client.newCall(new Request.Builder().url(base(a) + "/ready").build()).execute()) {
        JsonObject ready = Json.parseObject(r.body().string());
        assertEquals(200, r.code(), "Redis down does not make the instance unready: " + ready);
        assertEquals("degraded", ready.getObject("sharedState").getString("status"), ready.toString());
      }
      awaitCount(done, done.get() + 40);
      redis.start();
      assertTrue(await(() -> !a.router().stateStatus().degraded() && !b.router().stateStatus().degraded(),
          Duration.ofSeconds(30)), "the instances never reconnected");
      awaitCount(done, done.get() + 40);
    } finally {
      running.set(false);
      for (Thread thread : threads) thread.join(30_000);
    }
    assertEquals(List.of(), List.copyOf(failures), "requests failed while Redis was away");
    assertTrue(done.get() >= 120, "only " + done.get() + " requests");
    log.info("[SharedState-Restart] requests during the Redis restart: {}, failed: {}", done.get(), failures.size());
  }

  /** One traffic thread: Messages calls with a session on both instances, or a conversation on one. */
  private void traffic(int id, ServerApp a, ServerApp b, AtomicBoolean running, AtomicInteger done,
      ConcurrentLinkedQueue<String> failures) {
    int n = 0;
    String previous = null;
    while (running.get()) {
      n++;
      ServerApp app = (n + id) % 2 == 0 ? a : b;
      try {
        if (id == 3) {
          // A conversation on one instance: it must go on while Redis is away.
          String body = previous == null || n % 8 == 0 ? "{\"model\":\"m\",\"input\":\"Hi " + n + "\"}"
              : "{\"model\":\"m\",\"previous_response_id\":\"" + previous + "\",\"input\":\"More " + n + "\"}";
          Request request = new Request.Builder().url(base(a) + "/v1/responses").header("x-api-key", KEY)
              .post(RequestBody.create(body, JSON)).build();
          try (Response r = client.newCall(request).execute()) {
            String text = r.body().string();
            if (r.code() != 200) {
              failures.add("responses " + r.code() + " " + text);
            } else {
              previous = Json.parseObject(text).getString("id");
            }
          }
        } else {
          try (Response r = messages(app, "session-" + id + "-" + (n % 5))) {
            if (r.code() != 200) failures.add("messages " + r.code() + " " + r.body().string());
          }
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
      done.incrementAndGet();
    }
  }

  private static void awaitCount(AtomicInteger done, int target) throws Exception {
    assertTrue(await(() -> done.get() >= target, Duration.ofSeconds(30)), "traffic stalled at " + done.get());
  }

  // ---- helpers

  private ServerApp start(Path file) throws Exception {
    if (!Files.exists(file)) Files.writeString(file, config());
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("LISTEN_HOST", "127.0.0.1");
    env.put("CONFIG_FILE", file.toString());
    env.put("PROXY_ACCESS_KEY", KEY);
    env.put("METRICS_PERSISTENCE_ENABLED", "false");
    env.put("METRICS_WINDOW_SIZE", "3");
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_KEY_PREFIX", "test-" + dir.getFileName() + ":");
    ServerApp app = ServerApp.start(Settings.from(ConfigFactory.empty(), env), null);
    closing.add(app);
    // Connected before it serves the test (the link is made in the background).
    assertTrue(await(() -> !app.router().stateStatus().degraded(), Duration.ofSeconds(30)), "never connected");
    return app;
  }

  private Path file(String name) throws Exception {
    return Files.createDirectories(dir.resolve(name)).resolve("config.json");
  }

  private String config() {
    return "{\"upstream\":["
        + "{\"id\":\"ch-a\",\"serviceType\":\"claude\",\"baseUrl\":\"" + first.url("/") + "\","
        + "\"apiKeys\":[\"sk-ant-first-key-0000\"],\"status\":\"active\",\"priority\":1},"
        + "{\"id\":\"ch-b\",\"serviceType\":\"claude\",\"baseUrl\":\"" + second.url("/") + "\","
        + "\"apiKeys\":[\"sk-ant-second-key-000\"],\"status\":\"active\",\"priority\":2}],"
        + "\"responsesUpstream\":[{\"id\":\"ch-conv\",\"serviceType\":\"claude\",\"baseUrl\":\""
        + conversations.url("/") + "\",\"apiKeys\":[\"sk-ant-conv-key-00000\"],\"status\":\"active\"}]}";
  }

  private MockWebServer upstream(Function<Integer, MockResponse> answers) throws Exception {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(dispatcher(answers));
    server.start();
    closing.add(server);
    return server;
  }

  /** Answers the n-th request (from 1) with {@code answers.apply(n)}. */
  private static Dispatcher dispatcher(Function<Integer, MockResponse> answers) {
    AtomicInteger count = new AtomicInteger();
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answers.apply(count.incrementAndGet());
      }
    };
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().addHeader("content-type", "application/json").body(ANSWER).build();
  }

  private static MockResponse failure() {
    return new MockResponse.Builder().code(500).addHeader("content-type", "application/json").body(FAILURE).build();
  }

  private Response messages(ServerApp app, String session) throws Exception {
    Request.Builder b = new Request.Builder().url(base(app) + "/v1/messages").header("x-api-key", KEY)
        .post(RequestBody.create("{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            JSON));
    if (session != null) b.header("x-claude-code-session-id", session);
    return client.newCall(b.build()).execute();
  }

  private JsonObject turn(ServerApp app, String body) throws Exception {
    Request request = new Request.Builder().url(base(app) + "/v1/responses").header("x-api-key", KEY)
        .post(RequestBody.create(body, JSON)).build();
    try (Response r = client.newCall(request).execute()) {
      String text = r.body().string();
      assertEquals(200, r.code(), text);
      return Json.parseObject(text);
    }
  }

  /** The state of B's breaker of the first channel. */
  private static String breakerState(ServerApp app) {
    JsonObject stats = app.router().schedulerStats(ApiKind.MESSAGES);
    for (JsonValue c : stats.getArray("channels")) {
      if (!"ch-a".equals(c.asObject().getString("id"))) continue;
      for (JsonValue br : c.asObject().getArray("breakers")) return br.asObject().getString("state");
    }
    return "none";
  }

  private static String base(ServerApp app) {
    return "http://127.0.0.1:" + app.port();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Waits for a condition, checking every 10 ms. */
  static boolean await(Check check, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    CountDownLatch never = new CountDownLatch(1);
    while (System.nanoTime() < deadline) {
      if (check.ok()) return true;
      never.await(10, TimeUnit.MILLISECONDS);
    }
    return check.ok();
  }
}
