package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.convert.validate.StreamValidators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A streamed answer whose upstream falls silent gets its client's keep-alive after the ping
 * interval (here 150 ms): passthrough and converted streams, every client protocol; the stream with
 * its pings still validates, and a stream that keeps flowing gets none.
 */
class StreamKeepAliveTest {
  static final Path FIXTURES = Path.of("..", "llmrouter-convert", "src", "test", "resources", "fixtures");
  private static final Duration PING = Duration.ofMillis(150);
  private Harness h;

  @AfterEach
  void tearDown() {
    Harness.closeChecked(h);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Protocol.CLAUDE, "claude", false, "event: ping\ndata: {\"type\": \"ping\"}\n\n"),
        Arguments.of(Protocol.CLAUDE, "openai", false, "event: ping\ndata: {\"type\": \"ping\"}\n\n"),
        Arguments.of(Protocol.RESPONSES, "claude", false, ": ping\n\n"),
        Arguments.of(Protocol.RESPONSES, "openai", false, ": ping\n\n"),
        Arguments.of(Protocol.GEMINI, "claude", false, ": ping\n\n"),
        Arguments.of(Protocol.GEMINI, "gemini", false, ": ping\n\n"),
        Arguments.of(Protocol.GEMINI, "openai", true, "\n"));
  }

  @ParameterizedTest(name = "{0} client, {1} channel, JSON array {2}")
  @MethodSource("cases")
  void aSilentUpstreamGivesTheClientItsKeepAliveAndTheStreamStaysValid(Protocol client, String serviceType,
      boolean jsonArray, String ping) throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.streamPing(PING));
    h.use(kind(client), h.channel(0, serviceType).build());
    List<String> halves = splitAfterFirstText(Files.readString(FIXTURES.resolve(serviceType).resolve("stream_text.sse")));
    GatedBody body = new GatedBody(halves, 0);
    // Gemini streams end with the connection: the upstream closes it after the body.
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body)
        .onResponseEnd(new SocketEffect.CloseSocket()).build());
    try (Response r = h.call(h.streamRequest(client, jsonArray))) {
      assertEquals(200, r.code());
      BufferedSource source = r.body().source();
      StringBuilder got = new StringBuilder();
      // The first half ends with the text "Hello"; then the upstream is silent until released.
      readUntil(source, got, s -> s.contains("Hello") && s.indexOf(ping, s.indexOf("Hello")) > 0);
      body.release();
      got.append(source.readUtf8());
      String all = got.toString();
      if (jsonArray) {
        assertTrue(Json.parse(all).asArray().size() >= 2, all);
      } else {
        StreamValidators.forProtocol(client).validate(all.getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(all.contains(" world!"), all);
    }
  }

  @Test
  void aStreamThatKeepsFlowingGetsNoPing() throws Exception {
    h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.streamPing(Duration.ofSeconds(30)));
    h.use(ApiKind.RESPONSES, h.channel(0, "claude").build());
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Files.readString(FIXTURES.resolve("claude").resolve("stream_text.sse"))).build());
    try (Response r = h.call(h.streamRequest(Protocol.RESPONSES, false))) {
      String all = r.body().string();
      StreamValidators.forProtocol(Protocol.RESPONSES).validate(all.getBytes(StandardCharsets.UTF_8));
      assertFalse(all.contains(": ping"), all);
    }
  }

  /** Reads what the server sends until {@code done} holds for all read so far (the client's read timeout bounds it). */
  static void readUntil(BufferedSource source, StringBuilder got, java.util.function.Predicate<String> done)
      throws IOException {
    Buffer buffer = new Buffer();
    while (!done.test(got.toString())) {
      if (source.read(buffer, 8192) == -1) throw new IOException("stream ended early: " + got);
      got.append(buffer.readUtf8());
    }
  }

  /** The events up to and including the first carrying "Hello", then the rest. */
  static List<String> splitAfterFirstText(String sse) {
    int at = sse.indexOf("Hello");
    int end = sse.indexOf("\n\n", at) + 2;
    return List.of(sse.substring(0, end), sse.substring(end));
  }

  static ApiKind kind(Protocol client) {
    return client == Protocol.CLAUDE ? ApiKind.MESSAGES : client == Protocol.RESPONSES ? ApiKind.RESPONSES : ApiKind.GEMINI;
  }
}
