package dev.llmrouter.bench.jmh;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.providers.internal.Ids;
import dev.llmrouter.providers.internal.SseReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Converting a streamed answer, per upstream event: read the raw event ({@link SseReader}, as for
 * passthrough), decode it and encode what it produces in the client's protocol, through the
 * {@link StreamConverter} of {@link Converters#standard()}. One operation is one upstream event;
 * an invocation converts a whole stream of {@link StreamFixtures#EVENTS} events (about 200 text
 * deltas plus start, stop and usage events) and calls {@link StreamConverter#finish()}, so the
 * figure is comparable with {@link PassthroughStreamBench}.
 *
 * <p>{@code pair} is {@code upstream->client} with the channel's {@code serviceType} on the left
 * ({@code openai} is Chat Completions) and the client's protocol on the right: every upstream
 * format into each of the three client protocols that differ from it. {@code answer} is
 * {@code text} (one text block) or {@code tool} (text, then a tool call with streamed arguments).
 * Setup checks that the conversion completes with usage; {@code StreamCodecBenchTest} checks that
 * the upstream stream and the converted one are both valid streams of their protocols.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamCodecBench {
  @Param({"openai->claude", "gemini->claude", "responses->claude",
      "claude->responses", "openai->responses", "gemini->responses",
      "claude->gemini", "openai->gemini", "responses->gemini"})
  public String pair;

  @Param({"text", "tool"})
  public String answer;

  private Converter converter;
  private Protocol upstream;
  private Protocol client;
  private ConvertContext context;
  private byte[] stream;
  /** The upstream's events and the whole converted stream, kept by {@link #setup()} for the test. */
  List<SseEvent> upstreamEvents;
  byte[] converted;

  @Setup
  public void setup() throws IOException {
    String[] sides = pair.split("->");
    upstream = protocol(sides[0]);
    client = protocol(sides[1]);
    converter = Converters.standard();
    context = new ConvertContext(model(client), model(upstream), true, new Ids(new SecureRandom()), false, false);
    stream = StreamFixtures.stream(upstream, "tool".equals(answer)).getBytes(StandardCharsets.UTF_8);

    List<SseEvent> events = new ArrayList<>();
    SseReader reader = new SseReader(new Buffer().write(stream));
    for (SseEvent e = reader.next(); e != null; e = reader.next()) events.add(e);
    if (events.size() != StreamFixtures.EVENTS) {
      throw new IllegalStateException(upstream + " fixture has " + events.size() + " events, not " + StreamFixtures.EVENTS);
    }
    upstreamEvents = events;

    StreamConverter c = converter.stream(upstream, client, context);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SseEvent e : events) c.onEvent(e).forEach(out::writeBytes);
    c.finish().forEach(out::writeBytes);
    if (!c.completed() || c.upstreamError() != null || c.usage().outputTokens() == 0) {
      throw new IllegalStateException(pair + ": stream not completed cleanly, usage " + c.usage());
    }
    converted = out.toByteArray();
    int clientEvents = SseParser.parse(converted).size();
    if (clientEvents < StreamFixtures.EVENTS / 2) {
      throw new IllegalStateException(pair + ": only " + clientEvents + " client events");
    }
  }

  static Protocol protocol(String serviceType) {
    Protocol p = Protocol.ofServiceType(serviceType);
    if (p == null) throw new IllegalArgumentException("unknown protocol " + serviceType);
    return p;
  }

  static String model(Protocol p) {
    switch (p) {
      case CLAUDE: return "claude-sonnet-4-5-20250929";
      case GEMINI: return "gemini-2.5-pro";
      default: return "gpt-4.1-2025-04-14";
    }
  }

  @Benchmark
  @OperationsPerInvocation(StreamFixtures.EVENTS)
  public void perEvent(Blackhole bh) throws IOException {
    SseReader reader = new SseReader(new Buffer().write(stream));
    StreamConverter c = converter.stream(upstream, client, context);
    SseEvent e;
    while ((e = reader.next()) != null) {
      bh.consume(c.onEvent(e));
    }
    bh.consume(c.finish());
    bh.consume(c.usage());
  }
}
