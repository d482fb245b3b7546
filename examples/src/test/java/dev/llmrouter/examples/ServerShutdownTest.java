package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.RouterServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server started from an application's main, closed while a stream is in flight: a stream that
 * ends within the grace period is delivered whole; one that outlives it ends with an error event
 * and is cancelled upstream, and close returns soon after the grace period.
 */
class ServerShutdownTest {
  private static final String ACCESS_KEY = "local-key";

  private final MockWebServer upstream = new MockWebServer();
  private final BlockingQueue<AttemptOutcome> outcomes = new LinkedBlockingQueue<>();
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
  private final OkHttpClient upstreamClient = HttpTransport.defaultClientBuilder().build();
  private Router router;

  @BeforeEach
  void start() throws IOException {
    upstream.start();
    router = Router.builder()
        .providers(Providers.standard(new HttpTransport(upstreamClient)))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-up").name("up").serviceType("claude")
                .baseUrl(upstream.url("/").toString()).apiKeys("sk-ant-up").build())
            .build())
        .outcomeListener(outcomes::add)
        .build();
  }

  @AfterEach
  void stop() throws IOException {
    client.connectionPool().evictAll();
    upstreamClient.connectionPool().evictAll();
    assertEquals(0, upstreamClient.connectionPool().connectionCount(), "an upstream connection leaked");
    upstream.close();
  }

  private Response openStream(RouterServer server) throws IOException {
    Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
        .header("x-api-key", ACCESS_KEY)
        .post(RequestBody.create(Sse.STREAM_REQUEST, MediaType.get("application/json")))
        .build();
    Response r = client.newCall(request).execute();
    assertEquals(200, r.code());
    return r;
  }

  /** Starts close() on another thread and returns once it waits for the requests in flight. */
  private static Thread closeInBackground(RouterServer server, AtomicLong closeNanos) {
    Thread closer = new Thread(() -> {
      long start = System.nanoTime();
      server.close();
      closeNanos.set(System.nanoTime() - start);
    }, "closer");
    closer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closer.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) fail("close() never waited for the stream in flight");
      Thread.onSpinWait();
    }
    return closer;
  }

  private static String readEvent(BufferedSource source) throws IOException {
    StringBuilder sb = new StringBuilder();
    String line;
    while ((line = source.readUtf8Line()) != null) {
      sb.append(line).append('\n');
      if (line.isEmpty()) break;
    }
    return sb.toString();
  }

  @Test
  void aStreamThatEndsWithinTheGracePeriodIsDeliveredWhole() throws Exception {
    List<String> events = Sse.claudeStream(5);
    PacedBody body = new PacedBody(events);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    RouterServer server = RouterServer.start(router, RouterServer.options().host("127.0.0.1").port(0)
        .accessKey(ACCESS_KEY).shutdownGrace(Duration.ofSeconds(10)));
    AtomicLong closeNanos = new AtomicLong(-1);
    try (Response r = openStream(server)) {
      assertEquals(events.get(0), readEvent(r.body().source()));
      Thread closer = closeInBackground(server, closeNanos);
      body.release();
      assertEquals(String.join("", events.subList(1, events.size())), r.body().string());
      closer.join(20_000);
    }
    assertTrue(closeNanos.get() >= 0, "close() did not return");
    assertTrue(closeNanos.get() < TimeUnit.SECONDS.toNanos(10), "close() waited out the whole grace period");
    assertEquals(AttemptOutcome.Result.SUCCESS, outcomes.poll(10, TimeUnit.SECONDS).result());
    assertTrue(body.finished.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aStreamOutlivingTheGracePeriodIsCancelledUpstream() throws Exception {
    List<String> events = Sse.claudeStream(5);
    PacedBody body = new PacedBody(events);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    RouterServer server = RouterServer.start(router, RouterServer.options().host("127.0.0.1").port(0)
        .accessKey(ACCESS_KEY).shutdownGrace(Duration.ofSeconds(1)));
    AtomicLong closeNanos = new AtomicLong(-1);
    Buffer rest = new Buffer();
    try (Response r = openStream(server)) {
      BufferedSource source = r.body().source();
      assertEquals(events.get(0), readEvent(source));
      Thread closer = closeInBackground(server, closeNanos);
      try {
        source.readAll(rest);
      } catch (IOException e) {
        // The server ended the response early; what arrived before is in rest.
      }
      closer.join(20_000);
    }
    String tail = rest.readUtf8();
    assertFalse(tail.contains("message_stop"), "the stream cannot have ended normally");
    // Not a silent cut: the client is told, in its protocol, why its answer ends here.
    assertTrue(tail.endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
        + "\"message\":\"the server is shutting down; the answer was cut short\"}}\n\n"), tail);
    assertTrue(closeNanos.get() >= TimeUnit.SECONDS.toNanos(1), "close() did not wait for the grace period");
    assertTrue(closeNanos.get() < TimeUnit.SECONDS.toNanos(6), "close() took " + closeNanos.get() / 1_000_000 + " ms");
    assertEquals(AttemptOutcome.Result.CANCELLED, outcomes.poll(10, TimeUnit.SECONDS).result());
    body.release();
    assertTrue(body.writeFailed.await(10, TimeUnit.SECONDS), "the upstream call was not cancelled");
  }
}
