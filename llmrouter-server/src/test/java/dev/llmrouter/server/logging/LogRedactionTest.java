package dev.llmrouter.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.server.config.SnapshotDiff;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bodies made fit for a log, the polling routes kept quiet, and reload summaries. */
class LogRedactionTest {
  private static final String CHANNEL_KEY = "AIzaSyChannelKey0123456789abcdef";
  private final BodyLog bodies = new BodyLog(() -> List.of(CHANNEL_KEY));

  @Test
  void secretsAreRemovedWhereverTheyAppear() {
    String body = "{\"model\":\"m\",\"api_key\":\"k-123456789\",\"headers\":{\"Authorization\":\"Bearer abc.def\","
        + "\"x-api-key\":\"sk-ant-api03-zzzzzzzzzzzzzzzz\"},\"note\":\"see https://h/v1?key=" + CHANNEL_KEY
        + " and Bearer tok-999 and sk-proj-abcdefghijklmnopqrstuvwx\",\"echo\":\"" + CHANNEL_KEY + "\"}";
    String logged = bodies.body(body.getBytes(StandardCharsets.UTF_8));
    for (String secret : new String[] {"k-123456789", "abc.def", "sk-ant-api03-zzzzzzzzzzzzzzzz", CHANNEL_KEY,
        "tok-999", "sk-proj-abcdefghijklmnopqrstuvwx"}) {
      assertFalse(logged.contains(secret), secret + " in " + logged);
    }
    assertTrue(logged.contains("\"model\":\"m\""), logged);
  }

  @Test
  void longStringsAndBase64MediaAreCutAndEntriesCapped() {
    String image = "data:image/png;base64," + "A".repeat(5000);
    String logged = bodies.body(("{\"text\":\"" + "word ".repeat(400) + "\",\"image\":\"" + image + "\",\"raw\":\""
        + "QUJD".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8));
    assertTrue(logged.contains("…[2000 chars]"), logged);
    assertTrue(logged.contains("[base64 media, " + image.length() + " chars]"), logged);
    assertTrue(logged.contains("[base64, 800 chars]"), logged);
    StringBuilder huge = new StringBuilder("[");
    for (int i = 0; i < 2000; i++) huge.append(i == 0 ? "" : ",").append("\"entry number ").append(i).append('"');
    String capped = bodies.body(huge.append(']').toString().getBytes(StandardCharsets.UTF_8));
    assertTrue(capped.length() <= BodyLog.MAX_ENTRY + 40, Integer.toString(capped.length()));
    assertTrue(capped.endsWith("chars in all]"), capped.substring(capped.length() - 40));
  }

  @Test
  void streamedEventsAreCleanedOneDataLineAtATime() {
    String logged = bodies.events("event: x\ndata: {\"token\":\"t-secret-1\",\"text\":\"hi\"}\n\ndata: [DONE]\n");
    assertFalse(logged.contains("t-secret-1"), logged);
    assertTrue(logged.contains("\"text\":\"hi\"") && logged.contains("data: [DONE]"), logged);
  }

  @Test
  void pollingRoutesAreThoseTheConsoleRefreshes() {
    assertTrue(PollingPaths.isPolling("GET", "/api/messages/channels"));
    assertTrue(PollingPaths.isPolling("GET", "/api/gemini/channels/metrics/"));
    assertTrue(PollingPaths.isPolling("GET", "/api/responses/global/stats/history"));
    assertTrue(PollingPaths.isPolling("GET", "/health"));
    assertTrue(PollingPaths.isPolling("GET", "/metrics"));
    assertFalse(PollingPaths.isPolling("POST", "/api/messages/channels"));
    assertFalse(PollingPaths.isPolling("GET", "/api/messages/requests"));
    assertFalse(PollingPaths.isPolling("GET", "/api/messagesx/channels"));
  }

  @Test
  void reloadSummaryNamesAddedRemovedAndChangedChannelsByFieldNeverByValue() {
    Channel a = Channel.builder().id("a").name("alpha").serviceType("claude").baseUrl("https://a")
        .apiKeys("sk-old-key-1234567890").build();
    Channel b = Channel.builder().id("b").name("beta").serviceType("claude").baseUrl("https://b").apiKeys("k").build();
    Channel c = Channel.builder().id("c").name("gamma").serviceType("openai").baseUrl("https://c").apiKeys("k").build();
    ChannelSnapshot before = ChannelSnapshot.builder().add(ApiKind.MESSAGES, a).add(ApiKind.MESSAGES, b).build();
    ChannelSnapshot after = ChannelSnapshot.builder()
        .add(ApiKind.MESSAGES, a.toBuilder().apiKeys("sk-new-key-1234567890").priority(5).build())
        .add(ApiKind.MESSAGES, c).build();
    String summary = SnapshotDiff.summary(before, after);
    assertEquals("messages: added [gamma], removed [beta], changed [alpha (apiKeys, priority)]", summary);
    assertEquals("no channel changed", SnapshotDiff.summary(before, before));
  }

  @Test
  void jsonLinesTakeTheTagOffTheMessage() {
    ch.qos.logback.classic.spi.LoggingEvent e = new ch.qos.logback.classic.spi.LoggingEvent();
    e.setLevel(ch.qos.logback.classic.Level.WARN);
    e.setLoggerName("dev.llmrouter.scheduler.RequestRun");
    e.setMessage("[Router-Failover] channel=\"a\"\nnext");
    e.setTimeStamp(0);
    assertEquals("{\"ts\":\"1970-01-01T00:00:00Z\",\"level\":\"WARN\",\"tag\":\"Router-Failover\",\"logger\":\"RequestRun\","
        + "\"message\":\"channel=\\\"a\\\"\\nnext\"}\n", JsonLineEncoder.line(e));
  }
}
