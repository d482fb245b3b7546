package dev.llmrouter.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsAnswersTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:07:30Z");
  private final MetricsStore store = new MetricsStore(Clock.fixed(NOW, ZoneOffset.UTC));

  private static String key(int i) {
    return String.format("sk-ant-api03-selection-key-%02d", i);
  }

  private void record(int key, AttemptOutcome.Result result, Instant at) {
    store.record(new AttemptOutcome(ApiKind.MESSAGES, "ch", "c", "https://up", Keys.fingerprint(key(key)),
        Keys.mask(key(key)), "m", 200, result, 1, 1, Usage.NONE, false, at, null));
  }

  @Test
  void withMoreThanTenKeysTheFiveLatestAndTheFiveBusiestOfTheRestAreShown() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) keys.add(key(i));
    for (int i = 0; i <= 6; i++) record(i, AttemptOutcome.Result.SUCCESS, NOW.minus(Duration.ofMinutes(10 - i)));
    for (int n = 0; n < 5; n++) record(7, AttemptOutcome.Result.CANCELLED, NOW);
    for (int n = 0; n < 3; n++) record(8, AttemptOutcome.Result.CANCELLED, NOW);
    Channel c = Channel.builder().id("ch").name("c").serviceType("claude").baseUrl("https://up").apiKeys(keys).build();
    HistoryParams p = HistoryParams.read("1h", null, Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC));
    JsonObject answer = new MetricsAnswers(store, k -> null).keyHistory(ApiKind.MESSAGES, c, 0, p);
    List<String> shown = new ArrayList<>();
    List<String> colors = new ArrayList<>();
    for (JsonValue v : answer.getArray("keys")) {
      shown.add(v.asObject().getString("keyMask"));
      colors.add(v.asObject().getString("color"));
    }
    List<String> expected = new ArrayList<>();
    for (int i : new int[] {6, 5, 4, 3, 2, 7, 8, 0, 1, 9}) expected.add(Keys.mask(key(i)));
    assertEquals(expected, shown);
    assertEquals(List.of("#3b82f6", "#f97316", "#10b981", "#8b5cf6", "#ec4899", "#3b82f6", "#f97316", "#10b981",
        "#8b5cf6", "#ec4899"), colors);
  }

  @Test
  void aChannelWithoutKeysOrUrlsHasNoTimeWindowsAndAnEmptyStrip() {
    Channel c = Channel.builder().id("bare").name("bare").serviceType("claude").build();
    ChannelSnapshot snap = ChannelSnapshot.builder().add(ApiKind.GEMINI, c).build();
    MetricsAnswers answers = new MetricsAnswers(store, k -> new JsonObject().put("multiChannelMode", false));
    JsonArray metrics = answers.channelMetrics(ApiKind.GEMINI, snap);
    JsonObject m = metrics.get(0).asObject();
    assertEquals("null", m.get("timeWindows").toString());
    assertEquals("null", m.get("keyMetrics").toString());
    assertEquals(100L, m.getNumber("successRate").longValue());
    assertEquals(0L, m.getNumber("errorRate").longValue());
    JsonObject d = answers.dashboard(ApiKind.GEMINI, snap);
    assertEquals("{\"multiChannelMode\":false}", d.get("stats").toString());
    JsonObject view = d.getArray("channels").get(0).asObject();
    assertEquals(false, view.getBoolean("stripThoughtSignature"));
    assertEquals(0L, view.getLong("priority", -1));
    JsonObject strip = d.getArray("recentActivity").get(0).asObject();
    assertEquals(150, strip.getArray("segments").size());
    assertEquals(0L, strip.getNumber("rpm").longValue());
  }
}
