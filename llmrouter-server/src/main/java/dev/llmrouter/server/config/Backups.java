package dev.llmrouter.server.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Copies the channel file into {@code backups/} beside it before each write, and keeps the newest
 * {@code keep}. Names carry the UTC time to the millisecond plus a sequence number, such as
 * {@code config-2026-11-28T08-05-00-123Z-0000.json}, so they never collide and sort by age.
 * Not thread-safe; the store calls it under its writer lock.
 */
final class Backups {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss-SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final String prefix;
  private final int keep;
  private final Clock clock;

  Backups(Path file, int keep, Clock clock) {
    this.dir = file.getParent().resolve("backups");
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.prefix = (dot > 0 ? name.substring(0, dot) : name) + "-";
    this.keep = keep;
    this.clock = clock;
  }

  Path dir() {
    return dir;
  }

  /** Copies the file (when it exists) to a new backup and removes the oldest beyond the limit. */
  void save(Path file) throws IOException {
    if (!Files.exists(file)) return;
    Files.createDirectories(dir);
    List<Path> existing = list();
    String stamp = prefix + STAMP.format(clock.instant()) + "-";
    int seq = 0;
    for (Path p : existing) {
      String n = p.getFileName().toString();
      if (n.startsWith(stamp)) {
        try {
          seq = Math.max(seq, Integer.parseInt(n.substring(stamp.length(), n.length() - ".json".length())) + 1);
        } catch (NumberFormatException e) {
          // Not one of ours; it sorts with the others and ages out.
        }
      }
    }
    Path target = dir.resolve(stamp + String.format("%04d", seq) + ".json");
    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    existing.add(target);
    Collections.sort(existing);
    for (int i = 0; i < existing.size() - keep; i++) Files.deleteIfExists(existing.get(i));
  }

  /** The backups, oldest first. */
  List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, prefix + "*.json")) {
      for (Path p : stream) out.add(p);
    }
    Collections.sort(out);
    return out;
  }
}
