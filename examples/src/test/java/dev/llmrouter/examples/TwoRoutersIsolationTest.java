package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.scheduler.RouterSettings;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Two routers in one JVM with channels of the same ids: breakers, trace affinity and metrics of one
 * never show in the other.
 */
class TwoRoutersIsolationTest {
  private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final HttpHeaders SESSION = HttpHeaders.of("x-claude-code-session-id", "session-1");

  private static Router router(String mainUrl, String spareUrl, List<AttemptOutcome> outcomes, MetricsStore metrics) {
    return Router.builder()
        .providers(Providers.standard(HttpTransport.createDefault()))
        .settings(RouterSettings.builder().windowSize(4).build())
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-main").name("main").serviceType("claude")
                .baseUrl(mainUrl).apiKeys("sk-ant-main").priority(1).build())
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-spare").name("spare").serviceType("claude")
                .baseUrl(spareUrl).apiKeys("sk-ant-spare").priority(2).build())
            .build())
        .outcomeListener(o -> {
          outcomes.add(o);
          metrics.record(o);
        })
        .build();
  }

  private static JsonObject channel(JsonObject stats, String id) {
    for (JsonValue v : stats.getArray("channels")) {
      if (id.equals(v.asObject().getString("id"))) return v.asObject();
    }
    throw new AssertionError("no channel " + id + " in " + stats);
  }

  private static String breaker(JsonObject stats, String id) {
    JsonObject b = channel(stats, id).getArray("breakers").get(0).asObject();
    return b.getString("state") + " " + b.getLong("failures", -1) + "/" + b.getLong("results", -1);
  }

  @Test
  void neitherRouterSeesTheOthersBreakersAffinityOrMetrics() throws Exception {
    try (MockWebServer aMain = new MockWebServer(); MockWebServer aSpare = new MockWebServer();
        MockWebServer bMain = new MockWebServer(); MockWebServer bSpare = new MockWebServer()) {
      for (MockWebServer s : List.of(aMain, aSpare, bMain, bSpare)) s.start();
      List<AttemptOutcome> aOutcomes = new CopyOnWriteArrayList<>();
      List<AttemptOutcome> bOutcomes = new CopyOnWriteArrayList<>();
      MetricsStore aMetrics = new MetricsStore(Clock.systemUTC());
      MetricsStore bMetrics = new MetricsStore(Clock.systemUTC());
      Router a = router(aMain.url("/").toString(), aSpare.url("/").toString(), aOutcomes, aMetrics);
      Router b = router(bMain.url("/").toString(), bSpare.url("/").toString(), bOutcomes, bMetrics);
      byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);

      for (int i = 0; i < 3; i++) {
        aMain.enqueue(new MockResponse.Builder().code(500).body(Sse.OVERLOADED).build());
        aSpare.enqueue(new MockResponse.Builder().body(Sse.CLAUDE_ANSWER).build());
        assertEquals("ch-spare", a.messages().send(REQUEST).channel().id());
      }
      aSpare.enqueue(new MockResponse.Builder().body(Sse.CLAUDE_ANSWER).build());
      assertEquals("ch-spare", a.messages().send(body, SESSION).channel().id(), "a's main is open: the session binds to spare");
      bMain.enqueue(new MockResponse.Builder().body(Sse.CLAUDE_ANSWER).build());
      assertEquals("ch-main", b.messages().send(body, SESSION).channel().id(),
          "b's main is healthy and b knows no affinity for the session");

      JsonObject aStats = a.schedulerStats(ApiKind.MESSAGES);
      JsonObject bStats = b.schedulerStats(ApiKind.MESSAGES);
      assertEquals("open 3/3", breaker(aStats, "ch-main"));
      assertEquals("closed 0/1", breaker(bStats, "ch-main"));
      assertEquals(1, channel(aStats, "ch-spare").getLong("affinityCount", -1));
      assertEquals(0, channel(aStats, "ch-main").getLong("affinityCount", -1));
      assertEquals(1, channel(bStats, "ch-main").getLong("affinityCount", -1));
      assertEquals(0, channel(bStats, "ch-spare").getLong("affinityCount", -1));

      assertEquals(7, aOutcomes.size());
      assertEquals(List.of("b ch-main SUCCESS"), bOutcomes.stream()
          .map(o -> (o.baseUrl().equals(bMain.url("/").toString()) ? "b " : "? ") + o.channelId() + " " + o.result())
          .toList());
      assertEquals(3, aMetrics.channel(ApiKind.MESSAGES, "ch-main").totals().failureCount());
      assertEquals(0, bMetrics.channel(ApiKind.MESSAGES, "ch-main").totals().failureCount());
      assertEquals(1, bMetrics.channel(ApiKind.MESSAGES, "ch-main").totals().successCount());
      assertEquals(0, bMetrics.channel(ApiKind.MESSAGES, "ch-spare").totals().requestCount());

      assertEquals(3, aMain.getRequestCount());
      assertEquals(1, bMain.getRequestCount());
      assertEquals(0, bSpare.getRequestCount());
    }
  }
}
