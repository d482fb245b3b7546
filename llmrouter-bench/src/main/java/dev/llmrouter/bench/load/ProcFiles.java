package dev.llmrouter.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's or a thread's {@code stat} and {@code status} files under {@code /proc}
 * ({@code /proc/PID} or {@code /proc/PID/task/TID}).
 */
final class ProcFiles {
  private ProcFiles() {}

  /** {@return the directory of process {@code pid} under /proc} */
  static Path of(long pid) {
    return Path.of("/proc/" + pid);
  }

  /** CPU time (user + system) so far, in milliseconds, from {@code dir/stat}. */
  static long cpuMillis(Path dir) throws IOException {
    String stat = Files.readString(dir.resolve("stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  /** The name in {@code dir/stat} (a thread's name, or the process's command). */
  static String name(Path dir) throws IOException {
    String stat = Files.readString(dir.resolve("stat"));
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  /**
   * A field of {@code dir/status}: in kB (VmRSS, VmHWM) or a count (Threads,
   * voluntary_ctxt_switches); -1 when the field is missing.
   */
  static long status(Path dir, String field) throws IOException {
    for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
