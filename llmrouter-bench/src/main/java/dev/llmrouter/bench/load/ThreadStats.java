package dev.llmrouter.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and context switches of every thread of a process, from {@code /proc/PID/task}, grouped
 * by thread name without its number ({@code XNIO-1 I/O-1} and {@code XNIO-1 I/O-2} are one group).
 * Figures robust to a loaded machine: a context switch is counted whether or not the core was
 * shared, and CPU time is the process's own.
 */
final class ThreadStats {
  /** Per group: CPU ms (user + system), voluntary and involuntary context switches, threads. */
  private final Map<String, long[]> groups;

  private ThreadStats(Map<String, long[]> groups) {
    this.groups = groups;
  }

  /** A snapshot of the threads of {@code pid}; threads that end between two snapshots are lost. */
  static ThreadStats of(long pid) {
    Map<String, long[]> groups = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(ProcFiles.of(pid).resolve("task"))) {
      for (Path task : tasks) {
        try {
          String name = ProcFiles.name(task);
          long millis = ProcFiles.cpuMillis(task);
          long voluntary = ProcFiles.status(task, "voluntary_ctxt_switches");
          long involuntary = ProcFiles.status(task, "nonvoluntary_ctxt_switches");
          long[] g = groups.computeIfAbsent(group(name), k -> new long[4]);
          g[0] += millis;
          g[1] += voluntary;
          g[2] += involuntary;
          g[3]++;
        } catch (IOException | RuntimeException ended) {
          // the thread ended while it was read
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return new ThreadStats(groups);
  }

  private static String group(String name) {
    return name.replaceAll("[0-9]+", "#");
  }

  /** CPU milliseconds of the thread group {@code group} (a name with {@code #} for digits) since {@code before}. */
  long cpuMillisSince(ThreadStats before, String group) {
    long[] now = groups.get(group);
    if (now == null) return 0;
    return now[0] - before.groups.getOrDefault(group, new long[4])[0];
  }

  /**
   * Whether the JIT compiler threads of process {@code pid} used under 2 % of a core since
   * {@code before}, taken {@code wallNanos} ago: the test both benchmarks use to tell that the
   * router's compiler has gone quiet.
   */
  static boolean compilerQuietSince(long pid, ThreadStats before, long wallNanos) {
    long compilerMillis = of(pid).cpuMillisSince(before, "C# CompilerThre");
    return compilerMillis * 50 < wallNanos / 1_000_000;
  }

  /** Voluntary plus involuntary context switches of all threads since {@code before}. */
  long switchesSince(ThreadStats before) {
    long n = 0;
    for (var e : groups.entrySet()) {
      long[] b = before.groups.getOrDefault(e.getKey(), new long[4]);
      n += e.getValue()[1] - b[1] + e.getValue()[2] - b[2];
    }
    return n;
  }

  /**
   * One line per thread group that ran since {@code before}: CPU ms and context switches
   * (voluntary + involuntary) per request, most CPU first.
   */
  List<String> perRequestSince(ThreadStats before, long requests) {
    List<long[]> rows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (var e : groups.entrySet()) {
      long[] b = before.groups.getOrDefault(e.getKey(), new long[4]);
      long[] a = e.getValue();
      long[] d = {a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3]};
      if (d[0] == 0 && d[1] == 0 && d[2] == 0) continue;
      rows.add(d);
      names.add(e.getKey());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) order.add(i);
    order.sort((x, y) -> Long.compare(rows.get(y)[0] * 100 + rows.get(y)[1] + rows.get(y)[2],
        rows.get(x)[0] * 100 + rows.get(x)[1] + rows.get(x)[2]));
    List<String> lines = new ArrayList<>();
    double r = Math.max(1, requests);
    for (int i : order) {
      long[] d = rows.get(i);
      lines.add(String.format(Locale.ROOT, "%-28s x%-4d cpu %7.4f ms/req  switches %6.3f/req (voluntary %6.3f)",
          names.get(i), d[3], d[0] / r, (d[1] + d[2]) / r, d[1] / r));
    }
    return lines;
  }
}
