package dev.llmrouter.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {
  private final AtomicInteger ids = new AtomicInteger();
  private final ConfigCodec codec = new ConfigCodec(() -> "ch-test" + ids.incrementAndGet());

  private ConfigCodec.Loaded read(String json) {
    return codec.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheOriginalFormatAndAddsIds() {
    ConfigCodec.Loaded loaded = read("{\"upstream\":[{\"baseUrl\":\"https://api.anthropic.com\",\"apiKeys\":[\"sk-ant-1\"],"
        + "\"serviceType\":\"claude\",\"name\":\"main\",\"modelMapping\":{\"opus\":\"claude-opus-4\"},\"priority\":2,"
        + "\"status\":\"active\",\"promotionUntil\":\"2025-06-01T10:05:00.123456789+08:00\",\"futureField\":{\"a\":1}}],"
        + "\"loadBalance\":\"failover\",\"fuzzyModeEnabled\":true,\"extraTop\":[1]}");
    assertTrue(loaded.changed());
    Channel c = loaded.snapshot().channels(ApiKind.MESSAGES).get(0);
    assertEquals("ch-test1", c.id());
    assertEquals("claude-opus-4", c.mapModel("claude-opus-4-1"));
    assertEquals(2, c.priority());
    assertTrue(loaded.snapshot().fuzzyModeEnabled());
    JsonObject written = Json.parseObject(codec.write(loaded.snapshot()));
    JsonObject ch = written.getArray("upstream").get(0).asObject();
    assertEquals("{\"a\":1}", ch.get("futureField").toJson());
    assertEquals("ch-test1", ch.getString("id"));
    assertEquals("failover", written.getString("loadBalance"));
    assertEquals("[1]", written.get("extraTop").toJson());
    assertEquals("2025-06-01T02:05:00.123456789Z", ch.getString("promotionUntil"));
  }

  @Test
  void writtenFileReadsBackUnchanged() {
    ConfigCodec.Loaded first = read("{\"upstream\":[{\"id\":\"ch-a\",\"baseUrl\":\"https://a.example\",\"apiKeys\":[\"k1\",\"k2\"],"
        + "\"serviceType\":\"claude\",\"status\":\"active\",\"weight\":3}],\"responsesUpstream\":[],\"geminiUpstream\":[]}");
    assertFalse(first.changed());
    byte[] bytes = codec.write(first.snapshot());
    ConfigCodec.Loaded second = codec.read(bytes);
    assertEquals(first.snapshot().channels(ApiKind.MESSAGES), second.snapshot().channels(ApiKind.MESSAGES));
    assertEquals(new String(bytes, StandardCharsets.UTF_8), new String(codec.write(second.snapshot()), StandardCharsets.UTF_8));
  }

  @Test
  void migratesLegacyCurrentUpstreamAndKeylessChannels() {
    ConfigCodec.Loaded loaded = read("{\"upstream\":[{\"baseUrl\":\"https://a.example\",\"apiKeys\":[\"k\"],\"serviceType\":\"claude\"},"
        + "{\"baseUrl\":\"https://b.example\",\"apiKeys\":[\"k2\"],\"serviceType\":\"openai\"}],\"currentUpstream\":1,"
        + "\"geminiUpstream\":[{\"baseUrl\":\"https://g.example\",\"serviceType\":\"gemini\",\"status\":\"active\"}]}");
    assertEquals(ChannelStatus.DISABLED, loaded.snapshot().channels(ApiKind.MESSAGES).get(0).status());
    assertEquals(ChannelStatus.ACTIVE, loaded.snapshot().channels(ApiKind.MESSAGES).get(1).status());
    assertEquals(ChannelStatus.SUSPENDED, loaded.snapshot().channels(ApiKind.GEMINI).get(0).status());
    assertFalse(Json.parseObject(codec.write(loaded.snapshot())).has("currentUpstream"));
  }

  @Test
  void refusesBadValuesNamingTheField() {
    ConfigException e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"baseUrl\":\"ftp://x\",\"serviceType\":\"claude\"}]}"));
    assertEquals("upstream[0].baseUrl", e.field());
    e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"baseUrl\":\"https://x\",\"serviceType\":\"bard\"}]}"));
    assertEquals("upstream[0].serviceType", e.field());
    e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"baseUrl\":\"https://x\",\"serviceType\":\"claude\",\"status\":\"on\"}]}"));
    assertEquals("upstream[0].status", e.field());
    e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"baseUrl\":\"https://x\",\"serviceType\":\"claude\",\"priority\":1.5}]}"));
    assertEquals("upstream[0].priority", e.field());
    e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"baseUrl\":\"https://x\",\"serviceType\":\"claude\",\"apiKeys\":[\"a\",\"a\"]}]}"));
    assertEquals("upstream[0].apiKeys", e.field());
    e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"baseUrl\":\"https://x\",\"serviceType\":\"claude\",\"modelMapping\":{\"a\":1}}]}"));
    assertEquals("upstream[0].modelMapping.a", e.field());
    e = assertThrows(ConfigException.class, () -> read("{\"upstream\":[{\"id\":\"12\",\"baseUrl\":\"https://x\",\"serviceType\":\"claude\"}]}"));
    assertEquals("upstream[0].id", e.field());
  }

  @Test
  void syntaxErrorsNameTheLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> read("{\n  \"upstream\": [\n    {,}\n  ]\n}"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void readChannelNamesBareFieldsAndDedupesBaseUrlsIgnoringSlashAndHash() {
    ConfigException e = assertThrows(ConfigException.class, () -> codec.readChannel("",
        Json.parseObject("{\"serviceType\":\"claude\",\"baseUrls\":[\"https://a.example\",\"nope\"]}")));
    assertEquals("baseUrls[1]", e.field());
    Channel c = codec.readChannel("", Json.parseObject("{\"serviceType\":\"claude\",\"baseUrls\":"
        + "[\"https://a.example/\",\"https://a.example#\",\"https://b.example\",\"https://a.example\"]}"));
    assertEquals(java.util.List.of("https://a.example/", "https://b.example"), c.baseUrls());
    assertTrue(c.id().startsWith("ch-test"));
  }

  @Test
  void promotionTimesAlwaysCarrySeconds() {
    assertEquals("2026-11-28T08:10:00Z", ConfigCodec.formatTime(java.time.Instant.parse("2026-11-28T08:10:00Z")));
  }
}
