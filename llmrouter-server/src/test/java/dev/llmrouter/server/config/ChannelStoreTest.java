package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelStoreTest {
  @TempDir Path dir;
  private final List<ChannelSnapshot> swapped = new CopyOnWriteArrayList<>();
  private ChannelStore store;

  @AfterEach
  void tearDown() {
    if (store != null) store.close();
  }

  private static byte[] fixture() throws IOException {
    try (InputStream in = ChannelStoreTest.class.getResourceAsStream("/config/original-config.json")) {
      return in.readAllBytes();
    }
  }

  private ChannelStore open(Path file, ChannelFile.FileMover mover, Clock clock) {
    store = ChannelStore.open(new ChannelFile(file, new ConfigCodec(), mover), swapped::add, clock);
    return store;
  }

  private static Channel channel(String id, String key) {
    return Channel.builder().id(id).serviceType("claude").baseUrl("https://" + id + ".example.com").apiKeys(key).build();
  }

  private static List<Path> backups(Path dir) throws IOException {
    Path b = dir.resolve("backups");
    if (!Files.isDirectory(b)) return List.of();
    try (Stream<Path> s = Files.list(b)) {
      return s.sorted().toList();
    }
  }

  @Test
  void aFileWrittenByTheOriginalLoadsMigratesAndRoundTripsWithoutLosingAField() throws Exception {
    Path file = dir.resolve("config.json");
    byte[] original = fixture();
    Files.write(file, original);
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    ChannelSnapshot snap = store.snapshot();
    assertSame(snap, swapped.get(0));

    // Migration: no messages channel had a status, so currentUpstream (1) became the active one.
    assertEquals(ChannelStatus.DISABLED, snap.channels(ApiKind.MESSAGES).get(0).status());
    assertEquals(ChannelStatus.ACTIVE, snap.channels(ApiKind.MESSAGES).get(1).status());
    assertEquals(ChannelStatus.DISABLED, snap.channels(ApiKind.RESPONSES).get(1).status());
    // An active channel without keys is suspended; a suspended one stays so.
    assertEquals(ChannelStatus.SUSPENDED, snap.channels(ApiKind.GEMINI).get(0).status());
    assertEquals(ChannelStatus.SUSPENDED, snap.channels(ApiKind.GEMINI).get(1).status());
    assertTrue(snap.fuzzyModeEnabled());
    Channel main = snap.channels(ApiKind.MESSAGES).get(0);
    assertEquals(Instant.parse("2025-06-01T02:05:00.123456789Z"), main.promotionUntil());
    assertEquals(List.of("sk-ant-api03-original-old-0000"), main.historicalApiKeys());
    assertTrue(main.insecureSkipVerify() && main.lowQuality());

    // The original is kept as a backup, byte for byte, before the migrated file replaced it.
    List<Path> backups = backups(dir);
    assertEquals(1, backups.size());
    assertArrayEquals(original, Files.readAllBytes(backups.get(0)));

    JsonObject before = Json.parseObject(original);
    JsonObject after = Json.parseObject(Files.readAllBytes(file));
    assertFalse(after.has("currentUpstream"));
    assertFalse(after.has("currentResponsesUpstream"));
    for (String top : List.of("loadBalance", "responsesLoadBalance", "geminiLoadBalance", "fuzzyModeEnabled")) {
      assertEquals(before.get(top), after.get(top), top);
    }
    for (ApiKind kind : ApiKind.values()) {
      JsonArray was = before.getArray(kind.configList());
      JsonArray now = after.getArray(kind.configList());
      assertEquals(was.size(), now.size());
      for (int i = 0; i < was.size(); i++) {
        JsonObject w = was.get(i).asObject();
        JsonObject n = now.get(i).asObject();
        assertTrue(Channel.isValidId(n.getString("id")), "an id was added");
        for (String field : w.names()) {
          assertTrue(n.has(field) || w.get(field).isNull(), kind + "[" + i + "]." + field + " was lost");
          JsonValue expected = w.get(field);
          JsonValue actual = n.get(field);
          switch (field) {
            case "status":
              break;
            case "promotionUntil":
              assertEquals(OffsetDateTime.parse(expected.asString()).toInstant(), OffsetDateTime.parse(actual.asString()).toInstant());
              break;
            case "apiKeys":
              assertEquals(expected.isNull() ? new JsonArray() : expected, actual);
              break;
            default:
              assertEquals(expected, actual, kind + "[" + i + "]." + field);
          }
        }
      }
    }
    // Reading the migrated file changes nothing more, and writing it again gives the same bytes.
    ConfigCodec codec = new ConfigCodec();
    ConfigCodec.Loaded again = codec.read(Files.readAllBytes(file));
    assertFalse(again.changed());
    for (ApiKind kind : ApiKind.values()) assertEquals(snap.channels(kind), again.snapshot().channels(kind));
    assertArrayEquals(Files.readAllBytes(file), codec.write(again.snapshot()));
  }

  @Test
  void aMissingFileIsCreatedEmpty() throws Exception {
    Path file = dir.resolve("sub/config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    assertTrue(Files.exists(file));
    assertEquals(0, store.snapshot().channels(ApiKind.MESSAGES).size());
    assertEquals(List.of(), backups(file.getParent()));
  }

  @Test
  void aFailedRenameLeavesTheOldFileAndTheRunningSnapshot() throws Exception {
    Path file = dir.resolve("config.json");
    boolean[] fail = {false};
    open(file, (source, target) -> {
      if (fail[0]) throw new IOException("simulated crash before the rename");
      ChannelFile.FileMover.ATOMIC.move(source, target);
    }, Clock.systemUTC());
    store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(channel("ch-a", "sk-a-123456789"))));
    byte[] before = Files.readAllBytes(file);
    ChannelSnapshot running = store.snapshot();
    int swaps = swapped.size();
    fail[0] = true;
    IOException e = assertThrows(IOException.class,
        () -> store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(channel("ch-b", "sk-b-123456789")))));
    assertEquals("simulated crash before the rename", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertSame(running, store.snapshot());
    assertEquals(swaps, swapped.size());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("backups", "config.json"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "the temporary file was left behind");
    }
    fail[0] = false;
    store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(channel("ch-c", "sk-c-123456789"))));
    assertEquals("ch-c", new ConfigCodec().read(Files.readAllBytes(file)).snapshot().channels(ApiKind.MESSAGES).get(0).id());
  }

  @Test
  void backupsKeepTheNewestTenWithUniqueNamesEvenWithinOneMillisecond() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.fixed(Instant.parse("2026-11-28T08:05:00.123Z"), ZoneOffset.UTC));
    List<byte[]> versions = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      versions.add(Files.readAllBytes(file));
      String id = "ch-" + i;
      store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(channel(id, "sk-key-123456789"))));
    }
    List<Path> backups = backups(dir);
    assertEquals(10, backups.size());
    assertEquals("config-2026-11-28T08-05-00-123Z-0005.json", backups.get(0).getFileName().toString());
    assertEquals("config-2026-11-28T08-05-00-123Z-0014.json", backups.get(9).getFileName().toString());
    for (int i = 0; i < 10; i++) assertArrayEquals(versions.get(i + 5), Files.readAllBytes(backups.get(i)));
  }

  @Test
  void anUnchangedSnapshotWritesNothing() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    ChannelSnapshot s0 = store.snapshot();
    assertSame(s0, store.update(s -> s));
    assertEquals(List.of(), backups(dir));
  }

  @Test
  void aChangeThatThrowsWritesNothing() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    byte[] before = Files.readAllBytes(file);
    assertThrows(IllegalStateException.class, () -> store.update(s -> {
      throw new IllegalStateException("refused");
    }));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void routerSnapshotsAreWrittenInTheBackgroundAndLaterEditsBuildOnThem() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(
        Channel.builder().id("ch-a").serviceType("claude").baseUrl("https://a.example.com").apiKeys("sk-k1-123456789", "sk-k2-123456789").build())));
    int swaps = swapped.size();
    ChannelSnapshot demoted = store.snapshot().withChannels(ApiKind.MESSAGES, List.of(
        store.snapshot().channels(ApiKind.MESSAGES).get(0).toBuilder().apiKeys("sk-k2-123456789", "sk-k1-123456789").build()));
    store.persistInBackground(demoted);
    assertSame(demoted, store.snapshot());
    ChannelSnapshot next = store.update(s -> s.toBuilder().fuzzyModeEnabled(true).build());
    assertEquals(List.of("sk-k2-123456789", "sk-k1-123456789"), next.channels(ApiKind.MESSAGES).get(0).apiKeys());
    assertEquals(swaps + 1, swapped.size(), "the router's own snapshot is not handed back to it");
    store.close();
    ChannelSnapshot onDisk = new ConfigCodec().read(Files.readAllBytes(file)).snapshot();
    assertEquals(List.of("sk-k2-123456789", "sk-k1-123456789"), onDisk.channels(ApiKind.MESSAGES).get(0).apiKeys());
    assertTrue(onDisk.fuzzyModeEnabled());
  }

  @Test
  void backgroundChangesApplyToTheLatestSnapshotSoRacingAdminEditsSurvive() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(
        Channel.builder().id("ch-a").serviceType("claude").baseUrl("https://a.example.com").apiKeys("sk-k1-123456789", "sk-k2-123456789").build())));
    // The router demotes a key while an admin edit runs; neither loses the other.
    store.changeInBackground(s -> s.withChannels(ApiKind.MESSAGES, List.of(
        s.channels(ApiKind.MESSAGES).get(0).toBuilder().apiKeys("sk-k2-123456789", "sk-k1-123456789").build())));
    store.update(s -> s.toBuilder().fuzzyModeEnabled(true).build());
    store.changeInBackground(s -> {
      throw new IllegalStateException("a broken change is skipped");
    });
    store.close();
    ChannelSnapshot last = swapped.get(swapped.size() - 1);
    assertTrue(last.fuzzyModeEnabled());
    assertEquals(List.of("sk-k2-123456789", "sk-k1-123456789"), last.channels(ApiKind.MESSAGES).get(0).apiKeys());
    ChannelSnapshot onDisk = new ConfigCodec().read(Files.readAllBytes(file)).snapshot();
    assertTrue(onDisk.fuzzyModeEnabled());
    assertEquals(List.of("sk-k2-123456789", "sk-k1-123456789"), onDisk.channels(ApiKind.MESSAGES).get(0).apiKeys());
  }

  @Test
  void aBackgroundWriteAloneReachesTheFileBeforeCloseReturns() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    ChannelSnapshot changed = store.snapshot().withChannels(ApiKind.GEMINI, List.of(
        Channel.builder().id("ch-g").serviceType("gemini").baseUrl("https://g.example.com").apiKeys("AIza-123456789").build()));
    store.persistInBackground(changed);
    store.close();
    assertEquals("ch-g", new ConfigCodec().read(Files.readAllBytes(file)).snapshot().channels(ApiKind.GEMINI).get(0).id());
  }

  @Test
  void reloadFromDiskAppliesAnExternalEditAndIgnoresTheStoresOwnWrites() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    store.update(s -> s.withChannels(ApiKind.MESSAGES, List.of(channel("ch-a", "sk-a-123456789"))));
    assertFalse(store.reloadFromDisk(), "the store's own write was reloaded");
    String edited = Files.readString(file).replace("https://ch-a.example.com", "https://edited.example.com");
    Files.writeString(file, edited);
    assertTrue(store.reloadFromDisk());
    assertEquals("https://edited.example.com", store.snapshot().channels(ApiKind.MESSAGES).get(0).baseUrl());
    assertSame(store.snapshot(), swapped.get(swapped.size() - 1));
    assertFalse(store.reloadFromDisk());
  }

  @Test
  void anEditorsChannelWithoutIdGetsOneWrittenBack() throws Exception {
    Path file = dir.resolve("config.json");
    open(file, ChannelFile.FileMover.ATOMIC, Clock.systemUTC());
    Files.writeString(file, "{\"upstream\":[{\"serviceType\":\"claude\",\"baseUrl\":\"https://n.example.com\",\"apiKeys\":[\"sk-n-123456789\"]}]}");
    assertTrue(store.reloadFromDisk());
    String id = store.snapshot().channels(ApiKind.MESSAGES).get(0).id();
    assertNotNull(id);
    assertEquals(id, Json.parseObject(Files.readAllBytes(file)).getArray("upstream").get(0).asObject().getString("id"));
    assertFalse(store.reloadFromDisk());
  }
}
