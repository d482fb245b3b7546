package dev.llmrouter.bench.load;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.server.history.SqliteHistoryStore;
import dev.llmrouter.server.logging.AccessLog;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The metrics history's writer: the CPU time it takes to store one attempt (a row in the history
 * and a row in the request log) as the tables grow, with request ids as the router makes them
 * ({@code time}: they sort by the millisecond they were made in) and with random ids
 * ({@code random}: 96 random bits, as the router made them before, and as clients that send ids
 * of their own may). Feeds batches to a {@link SqliteHistoryStore} in a temporary directory on
 * this thread, as the router's metrics thread does, and prints the thread's CPU microseconds per
 * attempt (user and system, so the file's reads and writes count) for each step of rows. Run:
 * {@code java -jar llmrouter-bench-all.jar history [--rows 3000000] [--step 500000] [--ids both|time|random]}.
 */
public final class HistoryBench {
  private HistoryBench() {}

  /** The store writes a batch this large as soon as it is handed over (its WRITE_AT_ROWS). */
  private static final int BATCH = 8192;
  private static final HexFormat HEX = HexFormat.of();

  public static void main(String[] args) throws IOException {
    int rows = Bench.intArg(args, "--rows", 3_000_000);
    int step = Bench.intArg(args, "--step", 500_000);
    String ids = Bench.stringArg(args, "--ids", "both");
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "history writer: %,d attempts, CPU microseconds per attempt for each %,d%n", rows, step);
    for (String kind : ids.equals("both") ? List.of("time", "random") : List.of(ids)) {
      if (!kind.equals("time") && !kind.equals("random")) throw new IllegalArgumentException("--ids both|time|random");
      run(kind.equals("time"), rows, step, out);
    }
  }

  private static void run(boolean timeIds, int rows, int step, PrintStream out) throws IOException {
    Path dir = Files.createTempDirectory("llmrouter-history-bench");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    StringBuilder line = new StringBuilder(timeIds ? "time ids  " : "random ids");
    try (SqliteHistoryStore store = SqliteHistoryStore.open(dir.resolve("history.db"), Clock.systemUTC(),
        Duration.ofDays(30), BATCH)) {
      if (!store.persisting()) throw new IOException("the history file could not be opened in " + dir);
      List<AttemptOutcome> batch = new ArrayList<>(BATCH);
      long stepStart = mx.getCurrentThreadCpuTime();
      for (int i = 1; i <= rows; i++) {
        batch.add(outcome(timeIds ? AccessLog.newRequestId() : randomId(), i));
        if (batch.size() == BATCH || i == rows) {
          store.onBatch(batch);
          batch = new ArrayList<>(BATCH);
        }
        if (i % step == 0) {
          long now = mx.getCurrentThreadCpuTime();
          line.append(String.format(Locale.ROOT, "  %,d: %.1f", i, (now - stepStart) / 1e3 / step));
          stepStart = now;
        }
      }
      store.flush(Duration.ofMinutes(1));
    } finally {
      TempDirs.release(dir);
    }
    out.println(line);
  }

  private static String randomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "req_" + HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextInt());
  }

  private static AttemptOutcome outcome(String requestId, int i) {
    return new AttemptOutcome(ApiKind.MESSAGES, "ch" + (i % 4), "bench", "http://127.0.0.1:1", "fp", "bench-k...-key",
        "bench-model", 200, AttemptOutcome.Result.SUCCESS, 1_000_000, 2_000_000, Usage.of(120, 30), false,
        Instant.now(), null, requestId);
  }
}
