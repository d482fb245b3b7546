package dev.llmrouter.server;

import static dev.llmrouter.server.AdminFixtures.CONFIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.server.config.ChannelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminStoreTest {
  @TempDir Path dir;
  private AdminHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  @Test
  void twoHundredConcurrentAdminWritesAllLandInTheFile() throws Exception {
    h = new AdminHarness(dir, 1, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> n % 4 == 3
            ? h.call("PUT", "/api/messages/channels/ch-backup", "{\"description\":\"edit " + n + "\"}").status()
            : h.call("POST", "/api/messages/channels", "{\"name\":\"c-" + n + "\",\"serviceType\":\"claude\","
                + "\"baseUrl\":\"https://c" + n + ".example.com\",\"apiKeys\":[\"sk-concurrent-key-" + n + "-0000\"]}").status()));
      }
      for (int i = 0; i < 200; i++) assertEquals(i % 4 == 3 ? 200 : 201, results.get(i).get(60, TimeUnit.SECONDS), "write " + i);
    } finally {
      pool.shutdown();
    }
    ChannelSnapshot onDisk = new ConfigCodec().read(Files.readAllBytes(h.file)).snapshot();
    List<Channel> channels = onDisk.channels(ApiKind.MESSAGES);
    assertEquals(2 + 150, channels.size());
    Set<String> names = new HashSet<>();
    for (Channel c : channels) names.add(c.name());
    for (int n = 0; n < 200; n++) {
      if (n % 4 != 3) assertTrue(names.contains("c-" + n), "channel c-" + n + " is missing");
    }
    assertTrue(channels.get(1).description().startsWith("edit "));
    assertEquals(onDisk.channels(ApiKind.MESSAGES), h.snapshot().channels(ApiKind.MESSAGES));
    try (Stream<Path> backups = Files.list(dir.resolve("backups"))) {
      assertEquals(10, backups.count());
    }
  }

  @Test
  void aWriteThatFailsBeforeTheRenameAnswers500AndChangesNothing() throws Exception {
    boolean[] fail = {false};
    h = new AdminHarness(dir, 1, CONFIG, (source, target) -> {
      if (fail[0]) throw new IOException("disk full");
      ChannelFile.FileMover.ATOMIC.move(source, target);
    }, false);
    String before = h.fileText();
    ChannelSnapshot running = h.snapshot();
    fail[0] = true;
    AdminHarness.Answer a = h.call("PUT", "/api/messages/channels/ch-main", "{\"name\":\"never\"}");
    assertEquals(500, a.status());
    assertTrue(a.json().getObject("error").get("field").isNull());
    assertTrue(a.json().getObject("error").getString("message").contains("nothing changed"), a.body());
    assertEquals(before, h.fileText());
    assertEquals(running, h.snapshot());
    assertEquals("main", h.get("/api/messages/channels").json().getArray("channels").get(0).asObject().getString("name"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("backups", "config.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
