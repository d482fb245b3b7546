package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel-file watcher polls the file's attributes: every kind of edit is seen, and writes to
 * other files in the directory never fire it.
 */
class ConfigWatcherTest {
  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration DEBOUNCE = Duration.ofMillis(50);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  /** Polls that cover the debounce after the last write, so a change seen then has fired. */
  private static final int SETTLING_POLLS = 5;
  private static final String CONTENT = "{\"upstream\": [{\"name\": \"main\"}]}";
  private static final String SAME_SIZE = "{\"upstream\": [{\"name\": \"niam\"}]}";

  @TempDir Path dir;
  private ConfigWatcher watcher;
  private int fires;

  @AfterEach
  void tearDown() {
    if (watcher != null) watcher.close();
  }

  private void start(Path file) {
    watcher = new ConfigWatcher(file, INTERVAL, DEBOUNCE, this::fired);
  }

  private synchronized void fired() {
    fires++;
    notifyAll();
  }

  private synchronized int fires() {
    return fires;
  }

  /** Waits until the callback has run {@code count} times in all. */
  private synchronized boolean awaitFires(int count) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (fires < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Waits until the watcher has polled {@code more} times from now. */
  private void awaitPolls(int more) throws InterruptedException {
    assertTrue(watcher.awaitPolls(watcher.polls() + more, DEADLINE), "the watcher stopped polling");
  }

  private Path config() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, CONTENT);
    return file;
  }

  @Test
  void writesOfASqliteDatabaseBesideTheFileNeverFire() throws Exception {
    Path file = config();
    start(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metrics.db"))) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("CREATE TABLE samples (at INTEGER, value TEXT)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO samples VALUES (?, ?)")) {
        for (int i = 0; i < 20; i++) {
          insert.setLong(1, i);
          insert.setString(2, "sample " + i);
          insert.executeUpdate();
          c.commit();
          Files.writeString(dir.resolve("other.txt"), "write " + i);
          Path temporary = Files.writeString(dir.resolve(".config.json.tmp" + i), CONTENT);
          Files.delete(temporary);
          awaitPolls(1);
        }
      }
      // Checked while the connection is open: closing the last one folds the log back in and deletes it.
      assertTrue(Files.exists(dir.resolve("metrics.db-wal")), "the database was not in WAL mode");
    }
    awaitPolls(SETTLING_POLLS);
    assertEquals(0, fires(), "a write to another file fired the watcher");

    Files.writeString(file, CONTENT.replace("main", "edited"));
    assertTrue(awaitFires(1), "an edit of the file itself was not seen");
  }

  @Test
  void anEditInPlaceThatKeepsTheSizeIsSeen() throws Exception {
    Path file = config();
    start(file);
    Files.writeString(file, SAME_SIZE);
    assertTrue(awaitFires(1), "a same-size edit was not seen");
  }

  @Test
  void anEditThatKeepsTheSizeAndTheModificationTimeIsSeen() throws Exception {
    Path file = config();
    FileTime earlier = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    Files.setLastModifiedTime(file, earlier);
    start(file);
    Files.writeString(file, SAME_SIZE);
    Files.setLastModifiedTime(file, earlier);
    assertTrue(awaitFires(1), "an edit with the same size and modification time was not seen");
  }

  @Test
  void aSaveByRenameIsSeenEvenWithTheSameSizeAndModificationTime() throws Exception {
    Path file = config();
    start(file);
    Path swap = dir.resolve(".config.json.swp");
    Files.writeString(swap, SAME_SIZE);
    Files.setLastModifiedTime(swap, Files.getLastModifiedTime(file));
    Files.move(swap, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(awaitFires(1), "a save by rename was not seen");
    Files.writeString(swap, CONTENT);
    Files.move(swap, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(awaitFires(2), "a second save by rename was not seen");
  }

  @Test
  void aDeleteAndARecreateAreSeen() throws Exception {
    Path file = config();
    start(file);
    Files.delete(file);
    assertTrue(awaitFires(1), "the delete was not seen");
    Files.writeString(file, SAME_SIZE);
    assertTrue(awaitFires(2), "the recreated file was not seen");
    // Both within one poll: the file may even get the same inode back.
    Files.delete(file);
    Files.writeString(file, CONTENT);
    assertTrue(awaitFires(3), "a delete and recreate within one poll was not seen");
  }

  @Test
  void aKubernetesConfigMapUpdateBySwappingTheDataSymlinkIsSeen() throws Exception {
    Path file = dir.resolve("config.json");
    Path first = Files.createDirectory(dir.resolve("..2026_12_03_21_00_00.1"));
    Files.writeString(first.resolve("config.json"), CONTENT);
    try {
      Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links are not supported here: " + e);
    }
    Files.createSymbolicLink(file, Path.of("..data", "config.json"));
    start(file);

    swapData("..2026_12_03_21_05_00.2", SAME_SIZE, first);
    assertTrue(awaitFires(1), "the ..data symlink swap was not seen");
    swapData("..2026_12_03_21_10_00.3", CONTENT, dir.resolve("..2026_12_03_21_05_00.2"));
    assertTrue(awaitFires(2), "a second ..data symlink swap was not seen");
  }

  /** Updates the mount as the kubelet does: a new directory, a symlink renamed over ..data, the old one removed. */
  private void swapData(String name, String content, Path old) throws IOException {
    Path next = Files.createDirectory(dir.resolve(name));
    Files.writeString(next.resolve("config.json"), content);
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), next.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(old.resolve("config.json"));
    Files.delete(old);
  }

  @Test
  void aBurstOfWritesFiresOnceWhenTheFileIsQuiet() throws Exception {
    Path file = config();
    watcher = new ConfigWatcher(file, INTERVAL, Duration.ofSeconds(1), this::fired);
    for (int i = 0; i < 20; i++) {
      Files.writeString(file, CONTENT.replace("main", "edit" + i), StandardOpenOption.TRUNCATE_EXISTING);
    }
    assertTrue(awaitFires(1), "the burst was not seen");
    awaitPolls(SETTLING_POLLS);
    assertEquals(1, fires(), "a burst of writes fired more than once");
  }
}
