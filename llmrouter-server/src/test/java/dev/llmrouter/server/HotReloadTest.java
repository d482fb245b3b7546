package dev.llmrouter.server;

import static dev.llmrouter.server.AdminFixtures.CONFIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.server.config.ChannelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTest {
  private static final Duration LIVE_WITHIN = Duration.ofSeconds(2);
  private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[]}";

  @TempDir Path dir;
  private AdminHarness h;
  private LogCapture logs;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
    if (logs != null) logs.close();
  }

  private String mainName() {
    return h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow().name();
  }

  @Test
  void aHandEditInPlaceIsLiveWithinTwoSeconds() throws Exception {
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    Files.writeString(h.file, h.fileText().replace("\"name\": \"main\"", "\"name\": \"edited-in-place\""));
    assertTrue(h.awaitSwap(() -> mainName().equals("edited-in-place"), LIVE_WITHIN), "the edit was not applied in time");
  }

  @Test
  void aSaveByRenameIsLiveWithinTwoSeconds() throws Exception {
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    Path swap = dir.resolve(".config.json.swp");
    Files.writeString(swap, h.fileText().replace("\"name\": \"main\"", "\"name\": \"saved-by-rename\""));
    Files.move(swap, h.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(h.awaitSwap(() -> mainName().equals("saved-by-rename"), LIVE_WITHIN), "the edit was not applied in time");
    // A second save by rename is seen too: the watch survives the replaced file.
    Files.writeString(swap, h.fileText().replace("saved-by-rename", "saved-again"));
    Files.move(swap, h.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(h.awaitSwap(() -> mainName().equals("saved-again"), LIVE_WITHIN), "the second edit was not applied in time");
  }

  @Test
  void anEditInPlaceThatKeepsTheSizeIsLive() throws Exception {
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    Files.writeString(h.file, h.fileText().replace("\"name\": \"main\"", "\"name\": \"niam\""));
    assertTrue(h.awaitSwap(() -> mainName().equals("niam"), LIVE_WITHIN), "the same-size edit was not applied in time");
  }

  @Test
  void aFileDeletedAndWrittenAgainIsLive() throws Exception {
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    String edited = h.fileText().replace("\"name\": \"main\"", "\"name\": \"recreated\"");
    Files.delete(h.file);
    Files.writeString(h.file, edited);
    assertTrue(h.awaitSwap(() -> mainName().equals("recreated"), LIVE_WITHIN), "the recreated file was not applied");
  }

  @Test
  void aKubernetesConfigMapUpdateIsLive() throws Exception {
    // A ConfigMap volume: config.json -> ..data/config.json, ..data -> ..<timestamp>; the kubelet
    // updates it by renaming a new symlink over ..data, so the name config.json itself never changes.
    Path first = Files.createDirectory(dir.resolve("..2026_12_03_21_00_00.1"));
    Files.writeString(first.resolve("config.json"), "{}");
    try {
      Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links are not supported here: " + e);
    }
    Files.createSymbolicLink(dir.resolve("config.json"), Path.of("..data", "config.json"));
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    assertTrue(Files.isSymbolicLink(h.file), "loading replaced the mounted symlink");

    Path next = Files.createDirectory(dir.resolve("..2026_12_03_21_05_00.2"));
    Files.writeString(next.resolve("config.json"), h.fileText().replace("\"name\": \"main\"", "\"name\": \"mounted\""));
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), next.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(first.resolve("config.json"));
    Files.delete(first);
    assertTrue(h.awaitSwap(() -> mainName().equals("mounted"), LIVE_WITHIN), "the ConfigMap update was not applied");
  }

  @Test
  void aBrokenEditIsRefusedWithFileLineAndReasonAndTrafficKeepsFlowing() throws Exception {
    logs = new LogCapture();
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    ChannelSnapshot running = h.snapshot();
    String good = h.fileText();

    // A syntax error on line 3.
    Files.writeString(h.file, good.replaceFirst("\\{\"id\": \"ch-main\"", "{\"id\": \"ch-main\",,"));
    assertTrue(logs.await(t -> t.contains("[Config-Watcher] refused"), LIVE_WITHIN), "no refusal was logged");
    String line = refusal(logs.text(), 0);
    assertTrue(line.contains(h.file.toString()), line);
    assertTrue(line.contains("line 3"), line);
    assertSame(running, h.snapshot());
    h.upstreams.get(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    try (Response r = h.client.newCall(new okhttp3.Request.Builder().url(h.url("/v1/messages"))
        .post(okhttp3.RequestBody.create(REQUEST, okhttp3.MediaType.get("application/json")))
        .header("x-api-key", AdminHarness.ACCESS_KEY).build()).execute()) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
      assertEquals("main", r.header("x-llmrouter-channel"));
    }

    // Well-formed but invalid: a relative base URL on line 5.
    Files.writeString(h.file, good.replace("\"baseUrl\": \"https://relay.example.com\"", "\"baseUrl\": \"relay.example.com\""));
    assertTrue(logs.await(t -> count(t, "[Config-Watcher] refused") == 2, LIVE_WITHIN), "no second refusal was logged");
    line = refusal(logs.text(), 1);
    assertTrue(line.contains("line 5: upstream[1].baseUrl: must be an absolute http(s) URL"), line);
    assertSame(running, h.snapshot());

    // Fixing the file applies it.
    Files.writeString(h.file, good.replace("\"name\": \"main\"", "\"name\": \"fixed\""));
    assertTrue(h.awaitSwap(() -> mainName().equals("fixed"), LIVE_WITHIN));
  }

  @Test
  void theStoresOwnWritesAreNotReloaded() throws Exception {
    logs = new LogCapture();
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    int before = h.swaps.get();
    assertEquals(200, h.call("PUT", "/api/messages/channels/ch-main", "{\"name\":\"by-admin\"}").status());
    Files.writeString(h.file, h.fileText().replace("\"name\": \"by-admin\"", "\"name\": \"by-hand\""));
    assertTrue(h.awaitSwap(() -> mainName().equals("by-hand"), LIVE_WITHIN));
    assertTrue(logs.await(t -> t.contains("[Config-Watcher] reloaded"), LIVE_WITHIN));
    assertEquals(before + 2, h.swaps.get(), "one swap for the admin write, one for the hand edit");
    assertEquals(1, count(logs.text(), "[Config-Watcher] reloaded"));
    assertFalse(logs.text().contains("[Config-Watcher] refused"));
  }

  @Test
  void aDeletedFileKeepsTheRunningSnapshotAndTheNextChangeWritesItAgain() throws Exception {
    logs = new LogCapture();
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    ChannelSnapshot running = h.snapshot();
    Files.delete(h.file);
    assertTrue(logs.await(t -> t.contains("[Config-Watcher] " + h.file + " is gone"), LIVE_WITHIN));
    assertSame(running, h.snapshot());
    assertEquals(200, h.call("PUT", "/api/messages/channels/ch-main", "{\"name\":\"back\"}").status());
    assertEquals("back", new dev.llmrouter.api.config.ConfigCodec().read(Files.readAllBytes(h.file)).snapshot()
        .channels(ApiKind.MESSAGES).get(0).name());
  }

  private static String refusal(String text, int n) {
    Matcher m = Pattern.compile(".*\\[Config-Watcher\\] refused.*").matcher(text);
    for (int i = 0; i <= n; i++) assertTrue(m.find());
    return m.group();
  }

  private static int count(String text, String needle) {
    int c = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) c++;
    return c;
  }
}
