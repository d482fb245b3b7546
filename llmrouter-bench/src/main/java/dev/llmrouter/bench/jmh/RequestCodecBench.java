package dev.llmrouter.bench.jmh;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.providers.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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

/**
 * Converting a client request into another upstream protocol: one operation is one
 * {@link Converter#request} call (parse the client's JSON, decode it into the common model, encode
 * and write the upstream's JSON), as a provider does once per attempt on a converting channel.
 *
 * <p>{@code pair} is {@code client->upstream}, with the upstream's channel {@code serviceType}
 * ({@code openai} is Chat Completions). The request is a Claude Code session
 * ({@link RequestFixtures#claudeCode}): {@code size=realistic} is 51 messages (82 KB), {@code size=200kb}
 * the same session grown to 273 messages (206 KB). The Responses and Gemini client
 * requests are the same session converted once from the Claude one in setup, so every client
 * protocol carries the same conversation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestCodecBench {
  @Param({"claude->openai", "claude->gemini", "claude->responses",
      "responses->claude", "responses->openai", "responses->gemini",
      "gemini->claude", "gemini->openai", "gemini->responses"})
  public String pair;

  @Param({"realistic", "200kb"})
  public String size;

  private Converter converter;
  private Protocol client;
  private Protocol upstream;
  private ConvertContext context;
  private byte[] body;

  @Setup
  public void setup() {
    String[] sides = pair.split("->");
    client = StreamCodecBench.protocol(sides[0]);
    upstream = StreamCodecBench.protocol(sides[1]);
    converter = Converters.standard();
    Ids ids = new Ids(new SecureRandom());
    byte[] claude = RequestFixtures.claudeCode(50, "200kb".equals(size) ? 200 * 1024 : 1)
        .getBytes(StandardCharsets.UTF_8);
    body = client == Protocol.CLAUDE ? claude : converter.request(Protocol.CLAUDE, client, claude,
        new ConvertContext(StreamCodecBench.model(Protocol.CLAUDE), StreamCodecBench.model(client), true, ids, false, false));
    context = new ConvertContext(StreamCodecBench.model(client), StreamCodecBench.model(upstream), true, ids, false, false);
    byte[] converted = convert();
    if (!(Json.parse(converted) instanceof JsonObject) || converted.length < body.length / 2) {
      throw new IllegalStateException(pair + ": " + body.length + " bytes became " + converted.length);
    }
  }

  @Benchmark
  public byte[] convert() {
    return converter.request(client, upstream, body, context);
  }
}
