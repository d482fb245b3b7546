package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.EventStream;
import dev.llmrouter.scheduler.Router;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An in-process event stream over a real OkHttp client and a MockWebServer upstream: closing it
 * half-way cancels the upstream call and leaves no connection behind; reading it to the end returns
 * the connection to the pool.
 */
class EventStreamCancelTest {
  private final MockWebServer upstream = new MockWebServer();
  private final CountDownLatch canceled = new CountDownLatch(1);
  private final BlockingQueue<AttemptOutcome> outcomes = new LinkedBlockingQueue<>();
  private OkHttpClient client;
  private Router router;

  @BeforeEach
  void start() throws Exception {
    upstream.start();
    client = HttpTransport.defaultClientBuilder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }
    }).build();
    router = Router.builder()
        .providers(Providers.standard(new HttpTransport(client)))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-up").name("up").serviceType("claude")
                .baseUrl(upstream.url("/").toString()).apiKeys("sk-ant-up").build())
            .build())
        .outcomeListener(outcomes::add)
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    client.connectionPool().evictAll();
    assertEquals(0, client.connectionPool().connectionCount(), "a connection leaked");
    client.dispatcher().executorService().shutdown();
    upstream.close();
  }

  @Test
  void closingHalfWayCancelsTheUpstreamCallAndLeaksNoConnection() throws Exception {
    List<String> events = Sse.claudeStream(50);
    PacedBody body = new PacedBody(events);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try (EventStream<StreamFrame> stream = router.messages().stream(Sse.STREAM_REQUEST)) {
      Iterator<StreamFrame> frames = stream.iterator();
      assertEquals(events.get(0), frames.next().text());
      assertEquals(1, canceled.getCount(), "nothing is cancelled while the caller reads");
    }
    assertTrue(canceled.await(10, TimeUnit.SECONDS), "OkHttp saw no cancel");
    body.release();
    assertTrue(body.writeFailed.await(10, TimeUnit.SECONDS), "the upstream kept sending to nobody");
    AttemptOutcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
    assertEquals(AttemptOutcome.Result.CANCELLED, outcome.result());
    assertEquals("ch-up", outcome.channelId());
    assertEquals(0, outcomes.size(), "one attempt, one outcome");
    assertEquals(0, client.connectionPool().connectionCount(), "the cancelled connection is closed, not pooled");
  }

  @Test
  void cancelFromAnotherThreadEndsABlockedRead() throws Exception {
    List<String> events = Sse.claudeStream(3);
    PacedBody body = new PacedBody(events);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try (EventStream<StreamFrame> stream = router.messages().stream(Sse.STREAM_REQUEST)) {
      Iterator<StreamFrame> frames = stream.iterator();
      assertEquals(events.get(0), frames.next().text());
      Thread canceller = new Thread(() -> {
        try {
          // Cancels once the reader is blocked waiting for the gated second event.
          upstream.takeRequest();
          stream.cancel();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      canceller.start();
      while (frames.hasNext()) {
        assertFalse(frames.next().text().contains("t0"), "no event after the gate");
      }
      canceller.join(10_000);
    }
    assertTrue(canceled.await(10, TimeUnit.SECONDS));
    body.release();
    assertEquals(AttemptOutcome.Result.CANCELLED, outcomes.poll(10, TimeUnit.SECONDS).result());
  }

  @Test
  void readingToTheEndReturnsTheConnectionToThePool() throws Exception {
    List<String> events = Sse.claudeStream(3);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(String.join("", events)).build());
    StringBuilder got = new StringBuilder();
    try (EventStream<StreamFrame> stream = router.messages().stream(Sse.STREAM_REQUEST)) {
      for (StreamFrame f : stream) got.append(f.text());
    }
    assertEquals(String.join("", events), got.toString());
    assertEquals(AttemptOutcome.Result.SUCCESS, outcomes.poll(10, TimeUnit.SECONDS).result());
    assertEquals(1, canceled.getCount(), "a stream read to its end is not cancelled");
    assertEquals(1, client.connectionPool().idleConnectionCount(), "the connection went back to the pool");
  }
}
