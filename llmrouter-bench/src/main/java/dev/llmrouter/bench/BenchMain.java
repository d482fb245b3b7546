package dev.llmrouter.bench;

import dev.llmrouter.bench.load.LoadBench;
import dev.llmrouter.bench.load.ScaleBench;
import java.util.Arrays;

/**
 * Entry point of the benchmark jar:
 * <ul>
 *   <li>{@code jmh [JMH options]}: the JMH micro-benchmarks;
 *   <li>{@code load [--quick]}: the load benchmark (direct to a mock vs through the router);
 *   <li>{@code scale [--streams N] [--seconds S]}: many concurrent long streams held open;
 *   <li>{@code startup [--runs N] [--idle-seconds S]}: start-up time and idle memory;
 *   <li>{@code shared --redis URL [--rounds N] [--round-ms MS]}: what sharing state through Redis
 *       adds to a request.
 * </ul>
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : root.getHandlers()) h.setLevel(java.util.logging.Level.WARNING);
    String mode = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (mode) {
      case "jmh":
        org.openjdk.jmh.Main.main(rest);
        break;
      case "load":
        LoadBench.main(rest);
        break;
      case "scale":
        ScaleBench.main(rest);
        break;
      case "startup":
        dev.llmrouter.bench.load.StartupBench.main(rest);
        break;
      case "shared":
        dev.llmrouter.bench.load.SharedStateBench.main(rest);
        break;
      case "history":
        dev.llmrouter.bench.load.HistoryBench.main(rest);
        break;
      default:
        System.err.println("usage: java -jar llmrouter-bench-all.jar jmh|load|scale|startup|shared|history [options]");
        System.exit(2);
    }
  }
}
