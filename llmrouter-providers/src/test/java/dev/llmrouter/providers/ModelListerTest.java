package dev.llmrouter.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Channel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelListerTest {
  private final MockWebServer a = new MockWebServer();
  private final MockWebServer b = new MockWebServer();
  private final OkHttpClient client = HttpTransport.defaultClientBuilder().build();

  @BeforeEach
  void setUp() throws IOException {
    a.start();
    b.start();
  }

  @AfterEach
  void tearDown() {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
    a.close();
    b.close();
  }

  private Channel channel(String id, String type, MockWebServer s) {
    return Channel.builder().id(id).serviceType(type).baseUrl(s.url("/").toString()).apiKeys("key-" + id).build();
  }

  /** Answers only once both upstreams were asked, so it succeeds only when they are asked at the same time. */
  private static Dispatcher together(CountDownLatch both, String body) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        both.countDown();
        if (!both.await(5, TimeUnit.SECONDS)) return new MockResponse.Builder().code(500).build();
        return new MockResponse.Builder().body(body).build();
      }
    };
  }

  @Test
  void channelsAreAskedConcurrently() {
    CountDownLatch both = new CountDownLatch(2);
    a.setDispatcher(together(both, "{\"data\":[{\"id\":\"m-a\"}]}"));
    b.setDispatcher(together(both, "{\"object\":\"list\",\"data\":[{\"id\":\"m-b\",\"created\":5}]}"));
    ModelLister lister = new ModelLister(new HttpTransport(client), Clock.systemUTC(), Duration.ofMinutes(5),
        Duration.ofSeconds(20));
    Map<String, List<ModelLister.Model>> lists = lister.list(List.of(channel("ch-a", "claude", a),
        channel("ch-b", "openai", b)));
    assertEquals("m-a", lists.get("ch-a").get(0).id());
    assertEquals("anthropic", lists.get("ch-a").get(0).ownedBy());
    assertEquals(5, lists.get("ch-b").get(0).created().getEpochSecond());
  }

  @Test
  void aSlowUpstreamIsCutOffAtTheTimeout() {
    a.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body("{\"data\":[{\"id\":\"fast\"}]}").build();
      }
    });
    CountDownLatch never = new CountDownLatch(1);
    b.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        never.await(10, TimeUnit.SECONDS);
        return new MockResponse.Builder().body("{\"data\":[{\"id\":\"slow\"}]}").build();
      }
    });
    ModelLister lister = new ModelLister(new HttpTransport(client), Clock.systemUTC(), Duration.ofMinutes(5),
        Duration.ofMillis(500));
    long start = System.nanoTime();
    Map<String, List<ModelLister.Model>> lists = lister.list(List.of(channel("ch-a", "openai", a),
        channel("ch-b", "responses", b)));
    never.countDown();
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    assertEquals("fast", lists.get("ch-a").get(0).id());
    assertEquals(List.of(), lists.get("ch-b"));
  }

  @Test
  void unreadableListsAndChannelsWithoutKeysGiveNothing() {
    a.enqueue(new MockResponse.Builder().body("<html>not json</html>").build());
    ModelLister lister = new ModelLister(new HttpTransport(client), Clock.systemUTC(), Duration.ofMinutes(5),
        Duration.ofSeconds(5));
    Channel noKeys = Channel.builder().id("ch-none").serviceType("claude").baseUrl(b.url("/").toString()).build();
    Map<String, List<ModelLister.Model>> lists = lister.list(List.of(channel("ch-a", "claude", a), noKeys));
    assertEquals(List.of(), lists.get("ch-a"));
    assertEquals(0, b.getRequestCount());
  }
}
