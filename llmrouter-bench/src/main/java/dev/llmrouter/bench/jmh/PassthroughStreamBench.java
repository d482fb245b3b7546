package dev.llmrouter.bench.jmh;

import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.providers.internal.ClaudeStreamWatcher;
import dev.llmrouter.providers.internal.SseReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Passthrough of a streamed Claude answer, per event: read the raw event, watch it for usage and errors. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PassthroughStreamBench {
  static final int DELTAS = 200;
  static final int EVENTS = DELTAS + 5;

  private byte[] stream;

  @Setup
  public void setup() {
    stream = Fixtures.claudeStream(DELTAS).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void perEvent(Blackhole bh) throws IOException {
    SseReader reader = new SseReader(new Buffer().write(stream));
    ClaudeStreamWatcher watcher = new ClaudeStreamWatcher();
    SseEvent e;
    while ((e = reader.next()) != null) {
      bh.consume(watcher.onEvent(e));
      bh.consume(e.raw());
    }
    bh.consume(watcher.usage());
  }
}
