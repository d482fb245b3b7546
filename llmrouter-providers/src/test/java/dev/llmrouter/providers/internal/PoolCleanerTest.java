package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoolCleanerTest {
  private final MockWebServer upstream = new MockWebServer();
  private final PoolCleaner cleaner = new PoolCleaner(Duration.ofMillis(100));

  @BeforeEach
  void setUp() throws IOException {
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body("ok").build();
      }
    });
    upstream.start();
  }

  @AfterEach
  void tearDown() {
    upstream.close();
  }

  private Response call(OkHttpClient client) throws IOException {
    return client.newCall(new Request.Builder().url(upstream.url("/")).build()).execute();
  }

  @Test
  void connectionsBeyondTheIdleLimitAreClosedWithinTheGranularity() throws IOException {
    ConnectionPool pool = cleaner.newPool(1, Duration.ofMinutes(5));
    OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
    try (Response first = call(client); Response second = call(client)) {
      assertEquals(200, first.code());
      assertEquals(200, second.code());
      assertEquals(2, pool.connectionCount(), "two calls in flight share no connection");
      assertEquals("ok", first.body().string());
      assertEquals("ok", second.body().string());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (pool.connectionCount() != 1 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(1, pool.connectionCount(), "the connection beyond the idle limit was not closed");
    pool.evictAll();
    assertEquals(0, pool.connectionCount());
  }

  @Test
  void theGranularityIsCappedByTheShortestKeepAlive() {
    assertEquals(Duration.ofMillis(100), cleaner.granularity());
    cleaner.newPool(5, Duration.ofMillis(40));
    cleaner.newPool(5, Duration.ofSeconds(10));
    assertEquals(Duration.ofMillis(40), cleaner.granularity());
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PoolCleaner(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> cleaner.newPool(-1, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> cleaner.newPool(1, Duration.ZERO));
  }
}
