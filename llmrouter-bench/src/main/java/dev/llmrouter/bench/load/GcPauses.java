package dev.llmrouter.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's stop-the-world pauses of a JVM within a window of its uptime, read from its
 * {@code -Xlog:gc} output: the lines {@code [12.345s][info][gc] GC(5) Pause Young (Allocation
 * Failure) 18M->5M(61M) 37.331ms}. With thousands of streams open the pauses are the event delays:
 * every event that arrives during one waits for its end.
 *
 * @param count the pauses that started within the window
 * @param longestMillis the longest of them, 0 when there is none
 * @param totalMillis their sum
 */
record GcPauses(int count, double longestMillis, double totalMillis) {
  private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)s\\].*\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

  /**
   * The pauses logged in {@code lines} whose uptime stamp lies in {@code [fromSeconds, toSeconds]}.
   * Lines of other tags or decorations are skipped; the uptime decoration ({@code [12.345s]}) must
   * come first, as it does by default.
   */
  static GcPauses of(List<String> lines, double fromSeconds, double toSeconds) {
    int count = 0;
    double longest = 0;
    double total = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find()) continue;
      double at = Double.parseDouble(m.group(1));
      if (at < fromSeconds || at > toSeconds) continue;
      double ms = Double.parseDouble(m.group(2));
      count++;
      longest = Math.max(longest, ms);
      total += ms;
    }
    return new GcPauses(count, longest, total);
  }

  /** As above, from a log file; no pauses when the file does not exist. */
  static GcPauses of(Path log, double fromSeconds, double toSeconds) throws IOException {
    return Files.exists(log) ? of(Files.readAllLines(log), fromSeconds, toSeconds) : new GcPauses(0, 0, 0);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d pauses, longest %.1f ms, total %.0f ms", count, longestMillis, totalMillis);
  }
}
