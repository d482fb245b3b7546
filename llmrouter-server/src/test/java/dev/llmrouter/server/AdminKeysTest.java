package dev.llmrouter.server;

import static dev.llmrouter.server.AdminFixtures.CONFIG;
import static dev.llmrouter.server.AdminFixtures.KEYS;
import static dev.llmrouter.server.AdminFixtures.MAIN_KEY_1;
import static dev.llmrouter.server.AdminFixtures.MAIN_KEY_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Keys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminKeysTest {
  private static final String NEW_KEY = "sk-ant-api03-added/with+slash-9z1x";

  @TempDir Path dir;
  private AdminHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      List<String> secrets = new ArrayList<>(KEYS);
      secrets.add(NEW_KEY);
      h.assertNoAnswerContains(secrets);
      h.close();
    }
  }

  private Channel main() {
    return h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow();
  }

  /** A key as a path segment, percent-encoded ({@code /} and {@code +} included). */
  private static String path(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  @Test
  void addRemoveAndMoveKeysByValueOrFingerprint() throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    AdminHarness.Answer added = h.call("POST", "/api/messages/channels/ch-main/keys", "{\"apiKey\":\"" + NEW_KEY + "\"}");
    assertEquals(200, added.status(), added.body());
    assertEquals(List.of(MAIN_KEY_1, MAIN_KEY_2, NEW_KEY), main().apiKeys());
    assertEquals("{\"masked\":\"sk-ant-a…9z1x\",\"fingerprint\":\"" + Keys.fingerprint(NEW_KEY) + "\"}",
        added.channel().getArray("apiKeys").get(2).toJson());

    // By value, percent-encoded, a slash and a plus inside the key.
    assertEquals(200, h.call("POST", "/api/messages/channels/ch-main/keys/" + path(NEW_KEY) + "/top", null).status());
    assertEquals(List.of(NEW_KEY, MAIN_KEY_1, MAIN_KEY_2), main().apiKeys());
    // By fingerprint, and by list position for the channel.
    assertEquals(200, h.call("POST", "/api/messages/channels/0/keys/" + Keys.fingerprint(NEW_KEY) + "/bottom", null).status());
    assertEquals(List.of(MAIN_KEY_1, MAIN_KEY_2, NEW_KEY), main().apiKeys());

    AdminHarness.Answer removed = h.call("DELETE", "/api/messages/channels/ch-main/keys/" + Keys.fingerprint(MAIN_KEY_1), null);
    assertEquals(200, removed.status(), removed.body());
    assertEquals(List.of(MAIN_KEY_2, NEW_KEY), main().apiKeys());
    assertEquals(List.of(MAIN_KEY_1), main().historicalApiKeys());
    assertEquals(1, removed.channel().getArray("historicalApiKeys").size());

    // A key that comes back leaves the history.
    h.call("POST", "/api/messages/channels/ch-main/keys", "{\"apiKey\":\"" + MAIN_KEY_1 + "\"}");
    assertEquals(List.of(MAIN_KEY_2, NEW_KEY, MAIN_KEY_1), main().apiKeys());
    assertEquals(List.of(), main().historicalApiKeys());
    assertTrue(h.fileText().contains(NEW_KEY.replace("/", "\\/")) || h.fileText().contains(NEW_KEY));
  }

  @Test
  void keyRoutesAcceptTheChannelsListPosition() throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    assertEquals(200, h.call("POST", "/api/messages/channels/0/keys", "{\"apiKey\":\"" + NEW_KEY + "\"}").status());
    assertEquals(List.of(MAIN_KEY_1, MAIN_KEY_2, NEW_KEY), main().apiKeys());
    assertEquals(200, h.call("DELETE", "/api/messages/channels/0/keys/" + path(MAIN_KEY_1), null).status());
    assertEquals(List.of(MAIN_KEY_2, NEW_KEY), main().apiKeys());
    assertEquals(200, h.call("POST", "/api/messages/channels/0/keys/" + Keys.fingerprint(NEW_KEY) + "/top", null).status());
    assertEquals(List.of(NEW_KEY, MAIN_KEY_2), main().apiKeys());
    assertEquals(404, h.call("POST", "/api/messages/channels/5/keys", "{\"apiKey\":\"sk-x-123456789\"}").status());
  }

  @Test
  void movingAKeyAlreadyInPlaceWritesNothing() throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    String before = h.fileText();
    assertEquals(200, h.call("POST", "/api/messages/channels/ch-main/keys/" + Keys.fingerprint(MAIN_KEY_1) + "/top", null).status());
    assertEquals(before, h.fileText());
  }

  @Test
  void removingTheLastKeySuspendsTheChannel() throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    h.call("DELETE", "/api/messages/channels/ch-main/keys/" + Keys.fingerprint(MAIN_KEY_1), null);
    h.call("DELETE", "/api/messages/channels/ch-main/keys/" + path(MAIN_KEY_2), null);
    assertEquals(List.of(), main().apiKeys());
    assertEquals(ChannelStatus.SUSPENDED, main().status());
    assertEquals(List.of(MAIN_KEY_1, MAIN_KEY_2), main().historicalApiKeys());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"apiKey\":\"\"}", "{\"apiKey\":12}", "{}", "{\"apiKey\":\"sk has space\"}",
      "{\"apiKey\":\"" + MAIN_KEY_1 + "\"}"})
  void addRefusesBadOrDuplicateKeys(String json) throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    String before = h.fileText();
    AdminHarness.Answer a = h.call("POST", "/api/messages/channels/ch-main/keys", json);
    assertEquals(400, a.status(), a.body());
    assertEquals("apiKey", a.errorField());
    assertEquals(before, h.fileText());
  }

  @Test
  void unknownKeysAre404() throws Exception {
    h = AdminHarness.start(dir, 1, CONFIG);
    for (String[] r : new String[][] {{"DELETE", ""}, {"POST", "/top"}, {"POST", "/bottom"}}) {
      AdminHarness.Answer a = h.call(r[0], "/api/messages/channels/ch-main/keys/sk-not-there-123456789" + r[1], null);
      assertEquals(404, a.status(), a.body());
      assertEquals("key", a.errorField());
    }
  }

  @Test
  void keysNeverAppearInAnswersOrLogs() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      h = AdminHarness.start(dir, 1, CONFIG);
      h.get("/api/messages/channels");
      h.get("/api/responses/channels");
      h.get("/api/gemini/channels");
      h.call("POST", "/api/messages/channels/ch-main/keys", "{\"apiKey\":\"" + NEW_KEY + "\"}");
      h.call("POST", "/api/messages/channels/ch-main/keys", "{\"apiKey\":\"" + NEW_KEY + "\"}");
      h.call("POST", "/api/messages/channels/ch-main/keys/" + path(NEW_KEY) + "/top", null);
      h.call("DELETE", "/api/messages/channels/ch-main/keys/" + path(MAIN_KEY_1), null);
      h.call("PUT", "/api/messages/channels/ch-main", "{\"apiKeys\":[\"" + MAIN_KEY_2 + "\",\"" + MAIN_KEY_2 + "\"]}");
      h.call("PUT", "/api/messages/channels/ch-main", "{\"apiKeys\":[\"" + MAIN_KEY_2 + "\"]}");
      h.call("POST", "/api/messages/channels", "{\"serviceType\":\"claude\",\"baseUrl\":\"https://x.example.com\",\"apiKeys\":[\""
          + NEW_KEY + "\",\"" + NEW_KEY + "\"]}");
      h.call("DELETE", "/api/messages/channels/ch-main", null);
      h.get("/api/messages/ping/ch-backup");
      String text = logs.text();
      assertTrue(text.contains("[Admin-Change] from=127.0.0.1 kind=messages action=add-key channel=main "
          + "fields=[apiKeys] key=" + Keys.fingerprint(NEW_KEY)), text);
      for (String k : KEYS) assertFalse(text.contains(k), "a key was logged");
      assertFalse(text.contains(NEW_KEY), "a key was logged");
      assertFalse(text.contains(URLEncoder.encode(NEW_KEY, StandardCharsets.UTF_8)), "a key was logged");
    }
  }
}
