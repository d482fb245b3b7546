package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients at once against channels that fail at random: every request ends with a success or
 * a well-formed error, nothing escapes, and traffic leaves the channel whose breaker opened.
 */
class FailoverConcurrencyTest {
  private static final String REQUEST =
      "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private static final String OVERLOADED =
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  /** Answers 200, or fails with the given probability (500, 429 or 529 alike). */
  private static Dispatcher flaky(double failureRate, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        double roll;
        int pick;
        synchronized (random) {
          roll = random.nextDouble();
          pick = random.nextInt(3);
        }
        if (roll >= failureRate) {
          return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build();
        }
        int status = pick == 0 ? 500 : pick == 1 ? 429 : 529;
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
            .body(OVERLOADED).build();
      }
    };
  }

  /** The attempts in flight, summed over every breaker of the messages channels. */
  private int inFlight() {
    int n = 0;
    for (var c : h.router.schedulerStats(ApiKind.MESSAGES).getArray("channels")) {
      for (var b : c.asObject().getArray("breakers")) n += (int) b.asObject().getLong("inFlight", 0);
    }
    return n;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void twoThousandRequestsFromThirtyTwoThreadsAllEndWellAndAvoidTheBrokenChannel() throws Exception {
    h = Harness.create(4, b -> b, Timeouts.DEFAULT, o -> o);
    h.upstream(0).setDispatcher(flaky(1.0, 1)); // always fails: its breaker opens
    h.upstream(1).setDispatcher(flaky(0.2, 2));
    h.upstream(2).setDispatcher(flaky(0.2, 3));
    h.upstream(3).setDispatcher(flaky(0.2, 4));
    ChannelSnapshot.Builder snap = ChannelSnapshot.builder();
    snap.add(ApiKind.MESSAGES, h.claudeChannel(0).priority(0).build());
    for (int i = 1; i < 4; i++) snap.add(ApiKind.MESSAGES, h.claudeChannel(i).priority(1).weight(1).build());
    h.router.setSnapshot(snap.build());

    OkHttpClient client = h.client.newBuilder().connectionPool(new ConnectionPool(32, 1, TimeUnit.MINUTES)).build();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger malformed = new AtomicInteger();
    AtomicInteger everyChannelTried = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        futures.add(pool.submit(() -> {
          try (Response r = client.newCall(h.post("/v1/messages", REQUEST).build()).execute()) {
            String body = r.body().string();
            statuses.computeIfAbsent(r.code(), k -> new AtomicInteger()).incrementAndGet();
            if ("4".equals(r.header("x-llmrouter-attempts"))) everyChannelTried.incrementAndGet();
            JsonObject json = Json.parseObject(body);
            boolean wellFormed = r.code() == 200 ? "message".equals(json.getString("type"))
                : "error".equals(json.getString("type")) && json.getObject("error").getString("message") != null;
            if (!wellFormed) malformed.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS); // rethrows anything that escaped
    } finally {
      pool.shutdownNow();
      client.connectionPool().evictAll();
    }
    int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
    assertEquals(2000, total);
    assertEquals(0, malformed.get(), "statuses " + statuses);
    assertTrue(statuses.get(200).get() >= 1900, "statuses " + statuses);
    int broken = h.upstream(0).getRequestCount();
    // Once open, the broken channel is only the last resort of a request whose three other channels
    // all failed. Closed-state permits are not limited, so requests already under way when it opened
    // still reach it: at most one per client thread beyond the five that opened it.
    assertTrue(broken <= 5 + 32 + everyChannelTried.get(),
        "the broken channel got " + broken + " calls; " + everyChannelTried + " requests tried every channel");
    assertTrue(broken < 100, "the broken channel got " + broken + " calls");
    // Every breaker permit was settled exactly once: none is left in flight (the last answers are
    // closed by the server just after their bytes went out, hence the bounded wait).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int inFlight;
    while ((inFlight = inFlight()) != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, inFlight, "permits left unsettled");
    for (int i = 1; i < 4; i++) {
      assertTrue(h.upstream(i).getRequestCount() > 300, "channel " + i + " got " + h.upstream(i).getRequestCount());
    }
  }
}
