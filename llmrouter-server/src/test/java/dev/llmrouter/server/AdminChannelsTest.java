package dev.llmrouter.server;

import static dev.llmrouter.server.AdminFixtures.BACKUP_KEY;
import static dev.llmrouter.server.AdminFixtures.CONFIG;
import static dev.llmrouter.server.AdminFixtures.KEYS;
import static dev.llmrouter.server.AdminFixtures.MAIN_KEY_1;
import static dev.llmrouter.server.AdminFixtures.MAIN_KEY_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.server.config.ChannelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminChannelsTest {
  @TempDir Path dir;
  private AdminHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.assertNoAnswerContains(KEYS);
      h.close();
    }
  }

  private AdminHarness start() throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    return h;
  }

  @Test
  void listShowsEveryFieldWithKeysMaskedAndFingerprinted() throws Exception {
    start();
    AdminHarness.Answer a = h.get("/api/messages/channels");
    assertEquals(200, a.status());
    JsonObject body = a.json();
    assertEquals("failover", body.getString("loadBalance"));
    JsonArray channels = body.getArray("channels");
    assertEquals(2, channels.size());
    JsonObject main = channels.get(0).asObject();
    assertEquals("ch-main", main.getString("id"));
    assertEquals(0, main.getLong("index", -1));
    assertEquals("[{\"masked\":\"sk-ant-a…1111\",\"fingerprint\":\"" + Keys.fingerprint(MAIN_KEY_1) + "\"},"
        + "{\"masked\":\"sk-ant-a…2222\",\"fingerprint\":\"" + Keys.fingerprint(MAIN_KEY_2) + "\"}]",
        main.get("apiKeys").toJson());
    JsonObject backup = channels.get(1).asObject();
    assertEquals("{\"id\":\"ch-backup\",\"index\":1,\"name\":\"backup\",\"serviceType\":\"openai\","
        + "\"baseUrl\":\"https://relay.example.com\",\"baseUrls\":[\"https://relay.example.com\",\"https://relay2.example.com\"],"
        + "\"apiKeys\":[{\"masked\":\"sk-backu…dddd\",\"fingerprint\":\"" + Keys.fingerprint(BACKUP_KEY) + "\"}],"
        + "\"historicalApiKeys\":[],\"description\":\"second\",\"website\":\"\",\"insecureSkipVerify\":false,"
        + "\"modelMapping\":{\"opus\":\"gpt-5\"},\"status\":\"active\",\"priority\":2,\"weight\":null,"
        + "\"promotionUntil\":null,\"lowQuality\":false,\"injectDummyThoughtSignature\":false,\"stripThoughtSignature\":false,\"customTools\":true}",
        backup.toJson());
  }

  @Test
  void everyKindHasItsOwnList() throws Exception {
    start();
    assertEquals("ch-resp", h.get("/api/responses/channels").json().getArray("channels").get(0).asObject().getString("id"));
    assertEquals("ch-gem", h.get("/api/gemini/channels").json().getArray("channels").get(0).asObject().getString("id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"messages", "responses", "gemini"})
  void createUpdateAndDeleteWorkForEveryKind(String kindName) throws Exception {
    start();
    ApiKind kind = ApiKind.ofPathName(kindName);
    String type = kind == ApiKind.MESSAGES ? "claude" : kindName;
    AdminHarness.Answer created = h.call("POST", "/api/" + kindName + "/channels",
        "{\"name\":\"new\",\"serviceType\":\"" + type + "\",\"baseUrl\":\"https://new.example.com\",\"apiKeys\":[\"sk-new-key-0000111122\"]}");
    assertEquals(201, created.status(), created.body());
    String id = created.channel().getString("id");
    assertTrue(Channel.isValidId(id) && id.startsWith("ch-"), id);
    assertEquals(kind == ApiKind.MESSAGES ? 2 : 1, created.channel().getLong("index", -1));
    assertEquals("new", h.snapshot().find(kind, id).orElseThrow().name());
    assertTrue(h.fileText().contains("sk-new-key-0000111122"), "the file keeps the full key");

    AdminHarness.Answer updated = h.call("PUT", "/api/" + kindName + "/channels/" + id, "{\"name\":\"renamed\"}");
    assertEquals(200, updated.status(), updated.body());
    assertEquals("renamed", updated.channel().getString("name"));
    assertEquals("renamed", h.snapshot().find(kind, id).orElseThrow().name());

    AdminHarness.Answer deleted = h.call("DELETE", "/api/" + kindName + "/channels/" + id, null);
    assertEquals(200, deleted.status());
    assertEquals(id, deleted.channel().getString("id"));
    assertTrue(h.snapshot().find(kind, id).isEmpty());
    assertFalse(h.fileText().contains("sk-new-key-0000111122"));
    assertFalse(deleted.body().contains("sk-new-key-0000111122"));
  }

  @Test
  void createdChannelWithoutKeysIsSuspendedAndKeepsUnknownFields() throws Exception {
    start();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels",
        "{\"id\":\"ch-mine\",\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"futureField\":{\"a\":[1.50]},\"index\":7}");
    assertEquals(201, a.status(), a.body());
    assertEquals("suspended", a.channel().getString("status"));
    assertEquals(2, a.channel().getLong("index", -1));
    JsonObject written = Json.parseObject(h.fileText()).getArray("upstream").get(2).asObject();
    assertEquals("ch-mine", written.getString("id"));
    assertEquals("{\"a\":[1.50]}", written.get("futureField").toJson());
    assertFalse(written.has("index"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown service type | {\"serviceType\":\"bard\",\"baseUrl\":\"https://x.example.com\"} | serviceType",
      "missing service type | {\"baseUrl\":\"https://x.example.com\"} | serviceType",
      "relative base URL | {\"serviceType\":\"claude\",\"baseUrl\":\"/v1\"} | baseUrl",
      "ftp base URL | {\"serviceType\":\"claude\",\"baseUrl\":\"ftp://x.example.com\"} | baseUrl",
      "bad URL in list | {\"serviceType\":\"claude\",\"baseUrls\":[\"https://a.example.com\",\"example.com\"]} | baseUrls[1]",
      "no URL at all | {\"serviceType\":\"claude\"} | baseUrl",
      "unknown status | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"status\":\"paused\"} | status",
      "fractional priority | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"priority\":1.5} | priority",
      "string priority | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"priority\":\"1\"} | priority",
      "mapping to a number | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"modelMapping\":{\"opus\":4}} | modelMapping.opus",
      "mapping not an object | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"modelMapping\":[]} | modelMapping",
      "duplicate keys | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"apiKeys\":[\"sk-dup-1234567890\",\"sk-dup-1234567890\"]} | apiKeys",
      "key not a string | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"apiKeys\":[12]} | apiKeys[0]",
      "weight zero | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"weight\":0} | weight",
      "numeric id | {\"id\":\"42\",\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\"} | id",
      "id with a space | {\"id\":\"ch main\",\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\"} | id",
      "id with a newline | {\"id\":\"ch\\nforged\",\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\"} | id",
      "id in use | {\"id\":\"ch-main\",\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\"} | id",
      "bad promotion time | {\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"promotionUntil\":\"soon\"} | promotionUntil",
      "not JSON | {\"serviceType\": | $",
      "not an object | [1,2] | $",
  })
  void createRefusesInvalidChannelsNamingTheFieldAndWritesNothing(String name, String json, String field) throws Exception {
    start();
    String before = h.fileText();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels", json);
    assertEquals(400, a.status(), a.body());
    assertEquals(field, a.errorField());
    assertFalse(a.json().getObject("error").getString("message").isEmpty());
    assertEquals(before, h.fileText());
    assertFalse(Files.exists(dir.resolve("backups")), "a refused write made a backup");
    assertEquals(2, h.snapshot().channels(ApiKind.MESSAGES).size());
  }

  @Test
  void aBodyOverOneMebibyteIsRefused() throws Exception {
    start();
    String big = "{\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels", big);
    assertEquals(413, a.status());
    assertEquals(2, h.snapshot().channels(ApiKind.MESSAGES).size());
  }

  @Test
  void emptyBodyIsRefused() throws Exception {
    start();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels", null);
    assertEquals(400, a.status());
    assertEquals("$", a.errorField());
  }

  @Test
  void updateChangesOnlyTheFieldsGivenAndNullClears() throws Exception {
    start();
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-backup",
        "{\"priority\":5,\"description\":null,\"modelMapping\":null,\"website\":\"https://w.example.com\"}");
    assertEquals(200, a.status(), a.body());
    Channel c = h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow();
    assertEquals(5, c.priority());
    assertNull(c.description());
    assertEquals(Map.of(), c.modelMapping());
    assertEquals("https://w.example.com", c.website());
    assertEquals("backup", c.name());
    assertEquals("openai", c.serviceType());
    assertEquals(List.of(BACKUP_KEY), c.apiKeys());
    assertEquals(List.of("https://relay.example.com", "https://relay2.example.com"), c.baseUrls());
    assertFalse(Json.parseObject(h.fileText()).getArray("upstream").get(1).asObject().has("description"));
  }

  @Test
  void baseUrlAloneClearsBaseUrlsAndBaseUrlsAloneKeepBaseUrl() throws Exception {
    start();
    h.call("PUT", "/api/messages/channels/ch-backup", "{\"baseUrls\":[\"https://b1.example.com/\",\"https://b1.example.com#\",\"https://b2.example.com\"]}");
    Channel c = h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow();
    assertEquals("https://relay.example.com", c.baseUrl());
    assertEquals(List.of("https://b1.example.com/", "https://b2.example.com"), c.baseUrls());
    h.call("PUT", "/api/messages/channels/ch-backup", "{\"name\":\"renamed\"}");
    c = h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow();
    assertEquals(List.of("https://b1.example.com/", "https://b2.example.com"), c.baseUrls());
    h.call("PUT", "/api/messages/channels/ch-backup", "{\"baseUrl\":\"https://only.example.com\"}");
    c = h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow();
    assertEquals("https://only.example.com", c.baseUrl());
    assertEquals(List.of(), c.baseUrls());
    h.call("PUT", "/api/messages/channels/ch-backup", "{\"baseUrl\":\"https://p.example.com\",\"baseUrls\":[\"https://q.example.com\"]}");
    c = h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow();
    assertEquals("https://p.example.com", c.baseUrl());
    assertEquals(List.of("https://q.example.com"), c.baseUrls());
    assertEquals(List.of("https://q.example.com"), c.allBaseUrls());
    assertEquals("https://p.example.com", c.effectiveBaseUrl());
  }

  @Test
  void customToolsIsAChannelFlagEditableAndValidated() throws Exception {
    start();
    assertTrue(h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().customTools());
    assertEquals("customTools", h.call("PUT", "/api/messages/channels/ch-backup", "{\"customTools\":\"no\"}").errorField());
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-backup", "{\"customTools\":false}");
    assertEquals(200, a.status(), a.body());
    assertFalse(a.channel().getBoolean("customTools", true));
    assertFalse(h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().customTools());
    assertFalse(Json.parseObject(h.fileText()).getArray("upstream").get(1).asObject().getBoolean("customTools", true));
    h.call("PUT", "/api/messages/channels/ch-backup", "{\"customTools\":null}");
    assertTrue(h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().customTools());
  }

  @Test
  void updateValidatesTheMergedChannel() throws Exception {
    start();
    String before = h.fileText();
    assertEquals("baseUrl", h.call("PUT", "/api/messages/channels/ch-main", "{\"baseUrl\":\"nope\"}").errorField());
    assertEquals("status", h.call("PUT", "/api/messages/channels/ch-main", "{\"status\":\"on\"}").errorField());
    assertEquals("priority", h.call("PUT", "/api/messages/channels/ch-main", "{\"priority\":\"high\"}").errorField());
    assertEquals("serviceType", h.call("PUT", "/api/messages/channels/ch-main", "{\"serviceType\":null}").errorField());
    assertEquals("apiKeys", h.call("PUT", "/api/messages/channels/ch-main",
        "{\"apiKeys\":[\"sk-x-1234567890\",\"sk-x-1234567890\"]}").errorField());
    assertEquals("weight", h.call("PUT", "/api/messages/channels/ch-main", "{\"weight\":-2}").errorField());
    AdminHarness.Answer idChange = h.call("PUT", "/api/messages/channels/ch-main", "{\"id\":\"ch-other\"}");
    assertEquals(400, idChange.status());
    assertEquals("id", idChange.errorField());
    assertEquals(before, h.fileText());
  }

  @Test
  void updateOfApiKeysKeepsDroppedKeysAsHistoricalAndAcceptsFingerprints() throws Exception {
    start();
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-main",
        "{\"apiKeys\":[\"" + Keys.fingerprint(MAIN_KEY_2) + "\",\"sk-ant-api03-newkey-zzzz9999\"]}");
    assertEquals(200, a.status(), a.body());
    Channel c = h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow();
    assertEquals(List.of(MAIN_KEY_2, "sk-ant-api03-newkey-zzzz9999"), c.apiKeys());
    assertEquals(List.of(MAIN_KEY_1), c.historicalApiKeys());
    // Sending back the list view's key objects keeps the keys; a key that returns leaves the history.
    JsonArray view = h.get("/api/messages/channels").json().getArray("channels").get(0).asObject().getArray("apiKeys");
    JsonArray keys = new JsonArray().add(view.get(1)).add(MAIN_KEY_1);
    h.call("PUT", "/api/messages/channels/ch-main", JsonObject.of("apiKeys", keys).toJson());
    c = h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow();
    assertEquals(List.of("sk-ant-api03-newkey-zzzz9999", MAIN_KEY_1), c.apiKeys());
    assertEquals(List.of(MAIN_KEY_2), c.historicalApiKeys());
    assertEquals("apiKeys[0]", h.call("PUT", "/api/messages/channels/ch-main",
        "{\"apiKeys\":[{\"fingerprint\":\"000000000000\"}]}").errorField());
  }

  @Test
  void swappingTheOnlyKeyReactivatesASuspendedChannelAndResetsItsState() throws Exception {
    start();
    h.call("PATCH", "/api/messages/channels/ch-backup/status", "{\"status\":\"suspended\"}");
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-backup", "{\"apiKeys\":[\"sk-fresh-key-7777888899\"]}");
    assertEquals("active", a.channel().getString("status"));
    assertEquals(List.of("messages/ch-backup"), h.resumed);
    assertEquals(List.of(BACKUP_KEY), h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().historicalApiKeys());
  }

  @Test
  void removingEveryKeySuspendsAnActiveChannel() throws Exception {
    start();
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-backup", "{\"apiKeys\":[]}");
    assertEquals("suspended", a.channel().getString("status"));
  }

  @Test
  void numericIdsAreListPositions() throws Exception {
    start();
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/1", "{\"name\":\"by-position\"}");
    assertEquals(200, a.status());
    assertEquals("ch-backup", a.channel().getString("id"));
    assertEquals("by-position", h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().name());
    assertEquals(200, h.call("PATCH", "/api/messages/channels/0/status", "{\"status\":\"disabled\"}").status());
    assertEquals(ChannelStatus.DISABLED, h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().status());
    AdminHarness.Answer gone = h.call("DELETE", "/api/messages/channels/0", null);
    assertEquals("ch-main", gone.channel().getString("id"));
    assertEquals(List.of("ch-backup"), h.snapshot().channels(ApiKind.MESSAGES).stream().map(Channel::id).toList());
  }

  @ParameterizedTest
  @CsvSource({"PUT,/api/messages/channels/ch-nope", "PUT,/api/messages/channels/2", "DELETE,/api/messages/channels/ch-nope",
      "DELETE,/api/gemini/channels/5", "POST,/api/messages/channels/ch-nope/keys", "PATCH,/api/responses/channels/ch-nope/status",
      "POST,/api/messages/channels/ch-nope/promotion", "POST,/api/messages/channels/ch-nope/resume",
      "DELETE,/api/messages/channels/ch-nope/keys/abc", "POST,/api/messages/channels/9/keys/abc/top",
      "GET,/api/messages/ping/ch-nope", "PUT,/api/messages/channels/99999999999999"})
  void unknownChannelsAre404(String method, String path) throws Exception {
    start();
    String before = h.fileText();
    AdminHarness.Answer a = h.call(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{\"status\":\"active\"}");
    assertEquals(404, a.status(), a.body());
    assertEquals("id", a.errorField());
    assertEquals(before, h.fileText());
  }

  @Test
  void reorderSetsPrioritiesByIdOrPosition() throws Exception {
    start();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels/reorder", "{\"order\":[\"ch-backup\",0]}");
    assertEquals(200, a.status(), a.body());
    assertEquals(2, h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().priority());
    assertEquals(1, h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().priority());
    assertEquals(List.of("ch-main", "ch-backup"), h.snapshot().channels(ApiKind.MESSAGES).stream().map(Channel::id).toList());
    assertEquals(2, a.json().getArray("channels").get(0).asObject().getLong("priority", 0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"{\"order\":[]} | order", "{} | order", "{\"order\":[\"ch-main\",\"ch-nope\"]} | order[1]",
      "{\"order\":[\"ch-main\",0]} | order[1]", "{\"order\":[1.5]} | order[0]", "{\"order\":[7]} | order[0]"})
  void reorderRefusesBadOrders(String json, String field) throws Exception {
    start();
    String before = h.fileText();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels/reorder", json);
    assertEquals(400, a.status(), a.body());
    assertEquals(field, a.errorField());
    assertEquals(before, h.fileText());
  }

  @Test
  void statusIsCaseInsensitiveAndSuspendingEndsAPromotion() throws Exception {
    start();
    h.call("POST", "/api/messages/channels/ch-main/promotion", "{\"duration\":600}");
    AdminHarness.Answer a = h.call("PATCH", "/api/messages/channels/ch-main/status", "{\"status\":\"SUSPENDED\"}");
    assertEquals(200, a.status(), a.body());
    assertEquals("suspended", a.channel().getString("status"));
    assertTrue(a.channel().get("promotionUntil").isNull());
    assertEquals(ChannelStatus.SUSPENDED, h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"status\":\"paused\"}", "{\"status\":\"\"}", "{\"status\":1}", "{}"})
  void statusRefusesOtherValues(String json) throws Exception {
    start();
    AdminHarness.Answer a = h.call("PATCH", "/api/messages/channels/ch-main/status", json);
    assertEquals(400, a.status());
    assertEquals("status", a.errorField());
  }

  @Test
  void aChannelWithoutKeysCannotBeMadeActive() throws Exception {
    start();
    h.call("POST", "/api/messages/channels", "{\"id\":\"ch-empty\",\"serviceType\":\"claude\",\"baseUrl\":\"https://e.example.com\"}");
    AdminHarness.Answer a = h.call("PATCH", "/api/messages/channels/ch-empty/status", "{\"status\":\"active\"}");
    assertEquals(400, a.status());
    assertEquals("status", a.errorField());
  }

  @Test
  void promotionIsExclusivePerKindAndZeroEndsIt() throws Exception {
    start();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels/ch-main/promotion", "{\"duration\":600}");
    assertEquals(200, a.status(), a.body());
    assertEquals("2026-11-28T08:10:00Z", a.channel().getString("promotionUntil"));
    h.call("POST", "/api/messages/channels/ch-backup/promotion", "{\"duration\":60}");
    assertNull(h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().promotionUntil());
    assertEquals(AdminHarness.NOW.plusSeconds(60), h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().promotionUntil());
    h.call("POST", "/api/messages/channels/1/promotion", "{\"duration\":0}");
    assertNull(h.snapshot().find(ApiKind.MESSAGES, "ch-backup").orElseThrow().promotionUntil());
    assertFalse(h.fileText().contains("promotionUntil"));
  }

  @Test
  void aPromotionSetThroughUpdateIsExclusiveToo() throws Exception {
    start();
    h.call("POST", "/api/messages/channels/ch-main/promotion", "{\"duration\":600}");
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-backup", "{\"promotionUntil\":\"2026-11-28T09:00:00+00:30\"}");
    assertEquals(200, a.status(), a.body());
    assertEquals("2026-11-28T08:30:00Z", a.channel().getString("promotionUntil"));
    assertNull(h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().promotionUntil());
    // A time already past promotes nothing, so it takes nothing away from others.
    h.call("POST", "/api/messages/channels/ch-main/promotion", "{\"duration\":600}");
    h.call("PUT", "/api/messages/channels/ch-backup", "{\"promotionUntil\":\"2020-01-01T00:00:00Z\"}");
    assertEquals(AdminHarness.NOW.plusSeconds(600), h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().promotionUntil());
    // null clears.
    h.call("PUT", "/api/messages/channels/ch-main", "{\"promotionUntil\":null}");
    assertNull(h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().promotionUntil());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"duration\":-1}", "{\"duration\":1.5}", "{\"duration\":\"60\"}", "{}", "{\"duration\":999999999999}"})
  void promotionRefusesBadDurations(String json) throws Exception {
    start();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels/ch-main/promotion", json);
    assertEquals(400, a.status());
    assertEquals("duration", a.errorField());
  }

  @Test
  void resumeResetsRuntimeStateForEveryKindWithoutWriting() throws Exception {
    start();
    String before = h.fileText();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels/ch-main/resume", null);
    assertEquals(200, a.status(), a.body());
    assertTrue(a.json().getBoolean("resumed", false));
    h.call("POST", "/api/gemini/channels/0/resume", null);
    assertEquals(List.of("messages/ch-main", "gemini/ch-gem"), h.resumed);
    assertEquals(before, h.fileText());
  }

  @Test
  void fuzzyModeIsReadAndWritten() throws Exception {
    start();
    assertEquals("{\"fuzzyModeEnabled\":false}", h.get("/api/settings/fuzzy-mode").body());
    assertEquals("{\"fuzzyModeEnabled\":true}", h.call("PUT", "/api/settings/fuzzy-mode", "{\"enabled\":true}").body());
    assertTrue(h.snapshot().fuzzyModeEnabled());
    assertTrue(Json.parseObject(h.fileText()).getBoolean("fuzzyModeEnabled", false));
    AdminHarness.Answer bad = h.call("PUT", "/api/settings/fuzzy-mode", "{\"enabled\":\"yes\"}");
    assertEquals(400, bad.status());
    assertEquals("enabled", bad.errorField());
    assertEquals(400, h.call("PUT", "/api/settings/fuzzy-mode", "{}").status());
    assertTrue(h.snapshot().fuzzyModeEnabled());
  }

  @Test
  void everyAdminRouteNeedsTheKey() throws Exception {
    start();
    String[][] routes = {{"GET", "/api/messages/channels"}, {"POST", "/api/messages/channels"}, {"PUT", "/api/messages/channels/ch-main"},
        {"DELETE", "/api/messages/channels/ch-main"}, {"POST", "/api/messages/channels/ch-main/keys"},
        {"DELETE", "/api/messages/channels/ch-main/keys/" + MAIN_KEY_1}, {"POST", "/api/messages/channels/ch-main/keys/x/top"},
        {"POST", "/api/messages/channels/reorder"}, {"PATCH", "/api/messages/channels/ch-main/status"},
        {"POST", "/api/messages/channels/ch-main/promotion"}, {"POST", "/api/messages/channels/ch-main/resume"},
        {"GET", "/api/messages/ping"}, {"GET", "/api/messages/ping/ch-main"}, {"GET", "/api/settings/fuzzy-mode"},
        {"PUT", "/api/settings/fuzzy-mode"}};
    String before = h.fileText();
    try (LogCapture logs = new LogCapture()) {
      for (String[] r : routes) {
        String body = r[0].equals("GET") || r[0].equals("DELETE") ? null : "{}";
        assertEquals(401, h.call(r[0], r[1], body, null).status(), r[1]);
        assertEquals(401, h.call(r[0], r[1], body, "wrong-key").status(), r[1]);
      }
      assertTrue(logs.text().contains("[Auth-Failed]"));
      assertFalse(logs.text().contains(MAIN_KEY_1), "a key in a refused path was logged");
      assertTrue(logs.text().contains("/api/messages/channels/ch-main/keys/{key}"));
    }
    assertEquals(before, h.fileText());
  }

  @Test
  void wrongMethodsOnAdminPathsAre405() throws Exception {
    start();
    AdminHarness.Answer a = h.call("DELETE", "/api/messages/channels", null);
    assertEquals(405, a.status());
    assertEquals("method DELETE is not allowed here; use GET, POST", a.json().getObject("error").getString("message"));
    assertEquals(405, h.call("POST", "/api/settings/fuzzy-mode", "{}").status());
    assertEquals(405, h.call("GET", "/api/messages/channels/ch-main/status", null).status());
  }

  @Test
  void aSeparateAdminKeyIsRequiredWhenSet() throws Exception {
    h = new AdminHarness(dir, 0, "{}", ChannelFile.FileMover.ATOMIC, false, "admin-only-key-42");
    assertEquals(401, h.get("/api/messages/channels").status());
    assertEquals(200, h.call("GET", "/api/messages/channels", null, "admin-only-key-42").status());
  }
}
