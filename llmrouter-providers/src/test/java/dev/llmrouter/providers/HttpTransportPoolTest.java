package dev.llmrouter.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.providers.internal.PoolCleaner;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pools of a transport made by {@link HttpTransport#createDefault(Duration, UpstreamLimits)} are
 * kept by one {@link PoolCleaner}, which is not woken each time a connection goes back to a pool
 * and still closes idle connections at their keep-alive.
 */
class HttpTransportPoolTest {
  private final MockWebServer upstream = new MockWebServer();
  private HttpTransport transport;

  @BeforeEach
  void setUp() throws IOException {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        // No body: a body written after the headers would meet Nagle and the client's delayed ACK
        // on loopback (about 40 ms a request).
        return new MockResponse.Builder().code(204).build();
      }
    });
    upstream.start();
  }

  @AfterEach
  void tearDown() {
    if (transport != null) transport.client().connectionPool().evictAll();
    upstream.close();
  }

  private static void get(OkHttpClient client, MockWebServer server) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(server.url("/v1/models")).build()).execute()) {
      assertEquals(204, r.code());
      assertEquals("", r.body().string());
    }
  }

  private static void awaitNoConnection(okhttp3.ConnectionPool pool) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (pool.connectionCount() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, pool.connectionCount(), "the idle connection was not closed");
  }

  @Test
  void connectionsGoingBackToThePoolDoNotWakeTheCleanerEachTime() throws IOException {
    transport = HttpTransport.createDefault(Duration.ofSeconds(30), UpstreamLimits.DEFAULT);
    PoolCleaner cleaner = transport.poolCleaner();
    long started = System.nanoTime();
    for (int i = 0; i < 200; i++) get(transport.client(), upstream);
    long elapsed = System.nanoTime() - started;
    assertEquals(1, transport.client().connectionPool().connectionCount(), "the requests did not share a connection");
    // OkHttp's own task runner wakes its cleaner once per request; this one once per granularity.
    long allowed = elapsed / cleaner.granularity().toNanos() + 3;
    assertTrue(cleaner.wakeUps() <= allowed,
        cleaner.wakeUps() + " wake-ups for 200 requests in " + elapsed / 1_000_000 + " ms, at most " + allowed);
  }

  @Test
  void anIdleConnectionIsStillClosedAtItsKeepAlive() throws IOException {
    transport = HttpTransport.createDefault(Duration.ofMillis(300), UpstreamLimits.DEFAULT);
    assertEquals(Duration.ofMillis(300), transport.poolCleaner().granularity(),
        "the granularity is not capped by the keep-alive");
    get(transport.client(), upstream);
    assertEquals(1, transport.client().connectionPool().connectionCount());
    awaitNoConnection(transport.client().connectionPool());
  }

  @Test
  void theFreshClientKeepsNoConnectionAndTheBaseClientsPoolIsUntouched() throws IOException {
    transport = HttpTransport.createDefault(Duration.ofSeconds(30), UpstreamLimits.DEFAULT);
    get(transport.client(), upstream);
    OkHttpClient fresh = transport.freshClient(Duration.ofSeconds(5), false);
    get(fresh, upstream);
    get(fresh, upstream);
    assertEquals(0, fresh.connectionPool().connectionCount(), "the fresh client kept its connection");
    assertEquals(3, upstream.getRequestCount());
    assertEquals(1, transport.client().connectionPool().connectionCount());
  }
}
