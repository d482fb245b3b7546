package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.RouterSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A real server on an ephemeral port in front of MockWebServer upstreams, with a test client.
 * Records upstream call cancellations. Close it after each test.
 */
final class Harness implements AutoCloseable {
  static final String ACCESS_KEY = "test-access-key-0123456789";

  final List<MockWebServer> upstreams = new ArrayList<>();
  final List<Call> cancelledCalls = new CopyOnWriteArrayList<>();
  final CountDownLatch cancelled = new CountDownLatch(1);
  /** Every attempt's outcome, reported once its upstream answer was released. */
  final java.util.concurrent.BlockingQueue<dev.llmrouter.api.outcome.AttemptOutcome> outcomes =
      new java.util.concurrent.LinkedBlockingQueue<>();
  final OkHttpClient upstreamClient;
  final Router router;
  final RouterServer server;
  final OkHttpClient client;

  private Harness(int upstreamCount, UnaryOperator<ChannelSnapshot.Builder> channels, Timeouts timeouts,
      UnaryOperator<RouterServer.Options> options, UnaryOperator<Map<String, Provider>> providers) throws IOException {
    for (int i = 0; i < upstreamCount; i++) {
      MockWebServer s = new MockWebServer();
      s.start();
      upstreams.add(s);
    }
    upstreamClient = HttpTransport.defaultClientBuilder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelledCalls.add(call);
        cancelled.countDown();
      }
    }).build();
    router = Router.builder()
        .providers(providers.apply(Providers.standard(new HttpTransport(upstreamClient), Converters.standard())))
        .snapshot(channels.apply(ChannelSnapshot.builder()).build())
        .settings(new RouterSettings(timeouts))
        .outcomeListener(outcomes::add)
        .build();
    server = RouterServer.start(router, options.apply(RouterServer.options().port(0).accessKey(ACCESS_KEY)
        .shutdownGrace(Duration.ofSeconds(1))));
    client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).retryOnConnectionFailure(false).build();
  }

  /** One claude channel per upstream, named up0, up1, ..., with key sk-ant-key-N. */
  static Harness claude(int upstreams) throws IOException {
    return new Harness(upstreams, b -> b, Timeouts.DEFAULT, o -> o, p -> p).withClaudeChannels();
  }

  static Harness create(int upstreams, UnaryOperator<ChannelSnapshot.Builder> channels, Timeouts timeouts,
      UnaryOperator<RouterServer.Options> options) throws IOException {
    return new Harness(upstreams, channels, timeouts, options, p -> p);
  }

  /** As {@link #create}, with the router's providers (by service type) replaced by {@code providers}' result. */
  static Harness create(int upstreams, UnaryOperator<RouterServer.Options> options,
      UnaryOperator<Map<String, Provider>> providers) throws IOException {
    return new Harness(upstreams, b -> b, Timeouts.DEFAULT, options, providers);
  }

  private Harness withClaudeChannels() {
    ChannelSnapshot.Builder b = ChannelSnapshot.builder();
    for (int i = 0; i < upstreams.size(); i++) b.add(ApiKind.MESSAGES, claudeChannel(i).build());
    router.setSnapshot(b.build());
    return this;
  }

  Channel.Builder claudeChannel(int i) {
    return Channel.builder().id("ch-up" + i).name("up" + i).serviceType("claude")
        .baseUrl(upstreams.get(i).url("/").toString()).apiKeys("sk-ant-key-" + i);
  }

  /** A channel of the given type on upstream i, named up{i}, with key key-{i}. */
  Channel.Builder channel(int i, String serviceType) {
    return Channel.builder().id("ch-up" + i).name("up" + i).serviceType(serviceType)
        .baseUrl(upstreams.get(i).url("/").toString()).apiKeys("key-" + i);
  }

  /** Replaces the channels with these, all of one kind. */
  Harness use(ApiKind kind, Channel... channels) {
    ChannelSnapshot.Builder b = ChannelSnapshot.builder();
    for (Channel c : channels) b.add(kind, c);
    router.setSnapshot(b.build());
    return this;
  }

  MockWebServer upstream(int i) {
    return upstreams.get(i);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  Request.Builder post(String path, String json) {
    return new Request.Builder().url(url(path)).post(RequestBody.create(json, MediaType.get("application/json")))
        .header("x-api-key", ACCESS_KEY);
  }

  Response call(Request request) throws IOException {
    return client.newCall(request).execute();
  }

  boolean awaitCancel(long seconds) throws InterruptedException {
    return cancelled.await(seconds, TimeUnit.SECONDS);
  }

  /**
   * Forgets the outcomes and the upstream requests an earlier test left behind (one that failed
   * before taking them).
   */
  void drain() throws InterruptedException {
    outcomes.clear();
    for (MockWebServer s : upstreams) {
      while (s.takeRequest(0, TimeUnit.SECONDS) != null) {
        // left by an earlier test
      }
    }
  }

  /**
   * The path a converted request reaches on an upstream of the given type.
   *
   * @param upstream the upstream's protocol
   * @param geminiModel the model a Gemini upstream finds in its path
   * @param stream whether the request streams (Gemini names it in the path)
   * @return the path and query
   */
  static String upstreamPath(Protocol upstream, String geminiModel, boolean stream) {
    switch (upstream) {
      case CLAUDE:
        return "/v1/messages";
      case OPENAI_CHAT:
        return "/v1/chat/completions";
      case RESPONSES:
        return "/v1/responses";
      default:
        return stream ? "/v1beta/models/" + geminiModel + ":streamGenerateContent?alt=sse"
            : "/v1beta/models/" + geminiModel + ":generateContent";
    }
  }

  /**
   * Waits for the attempt's outcome (the client may see the end of the answer before the server
   * released the upstream response), then checks that no upstream connection is still held.
   */
  void assertAttemptEndedWithoutLeaks() throws InterruptedException {
    org.junit.jupiter.api.Assertions.assertNotNull(outcomes.poll(10, TimeUnit.SECONDS), "the attempt never ended");
    assertNoLeakedConnections();
  }

  /**
   * Closes a test's harness, if it started one, and checks that no upstream connection is still held.
   *
   * @param h the harness, or null
   */
  static void closeChecked(Harness h) {
    if (h == null) return;
    h.close();
    h.assertNoLeakedConnections();
  }

  /**
   * A streamed request of a client protocol to model {@code m}, asking for "hi".
   *
   * @param client the client's protocol: Messages, Responses, else Gemini
   * @param jsonArray for Gemini, the JSON-array stream instead of SSE
   * @return the request
   */
  Request streamRequest(Protocol client, boolean jsonArray) {
    switch (client) {
      case CLAUDE:
        return post("/v1/messages", "{\"model\":\"m\",\"stream\":true,\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").build();
      case RESPONSES:
        return post("/v1/responses", "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}").build();
      default:
        return new Request.Builder().url(url("/v1beta/models/m:streamGenerateContent" + (jsonArray ? "" : "?alt=sse")))
            .post(RequestBody.create("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}", MediaType.get("application/json")))
            .header("x-goog-api-key", ACCESS_KEY).build();
    }
  }

  /** Evicts idle upstream connections and fails when any is still held (a response body left open). */
  void assertNoLeakedConnections() {
    upstreamClient.connectionPool().evictAll();
    org.junit.jupiter.api.Assertions.assertEquals(0, upstreamClient.connectionPool().connectionCount(),
        "leaked upstream connections");
  }

  @Override
  public void close() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    upstreamClient.connectionPool().evictAll();
    for (MockWebServer s : upstreams) s.close();
  }
}
