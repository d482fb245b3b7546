package dev.llmrouter.bench.jmh;

import dev.llmrouter.api.json.RoutingFields;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Extracting the routing fields from a request body (one validating pass, no tree). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingFieldsBench {
  @Param({"small", "200kb"})
  public String size;

  private byte[] body;

  @Setup
  public void setup() {
    body = Fixtures.claudeRequest("small".equals(size) ? 1 : 200 * 1024).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public RoutingFields scan() {
    return RoutingFields.scan(body);
  }

  @Benchmark
  public byte[] scanAndRewriteModel() {
    RoutingFields f = RoutingFields.scan(body);
    return f.withModel(body, "claude-sonnet-4-5-20250929");
  }
}
