package dev.llmrouter.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary directories the benchmarks run their processes in (a router's channel file,
 * metrics history and logs; nginx's configuration): deleted when the process has ended, since a
 * load run leaves tens of MiB of history in each, unless {@code -Dbench.keepDirs=true} keeps them
 * to be read (their paths are then printed on stderr).
 */
final class TempDirs {
  private TempDirs() {}

  static void release(Path dir) {
    if (Boolean.getBoolean("bench.keepDirs")) {
      System.err.println("kept " + dir);
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
      for (Path f : deepestFirst) Files.deleteIfExists(f);
    } catch (IOException e) {
      // a temporary directory left behind does no harm
    }
  }
}
