package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.convert.validate.StreamValidators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three client APIs against the four channel types, through the real server, with the recorded
 * fixtures of the codecs (text, tool call and tool result, thinking with signatures, images,
 * max-tokens stops, usage with cache tokens, streams that fail or end early). Same-protocol pairs
 * must be byte-identical both ways; converted pairs must give exactly the codecs' golden output
 * (the ids that conversion makes up are random here, so they are renumbered in order of appearance
 * before comparing), and every converted stream must pass the client protocol's validator.
 */
class ConversionMatrixTest {
  private static final Path RESOURCES = Path.of("..", "llmrouter-convert", "src", "test", "resources");
  private static final List<Protocol> CLIENTS = List.of(Protocol.CLAUDE, Protocol.RESPONSES, Protocol.GEMINI);
  private static final List<Protocol> UPSTREAMS = List.of(Protocol.CLAUDE, Protocol.OPENAI_CHAT, Protocol.GEMINI,
      Protocol.RESPONSES);
  private static final Pattern ID = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z0-9]{24}(?![A-Za-z0-9])");
  /** An id of the golden files: a quoted four-digit number, alone or after a prefix such as {@code call_}. */
  private static final Pattern GOLDEN_ID = Pattern.compile("(?<=[\"_])\\d{4}(?=\")");

  private static final String TEXT_ANSWER = "response_text.json";

  private static Harness h;

  @BeforeAll
  static void start() throws IOException {
    h = Harness.create(4, b -> b, Timeouts.DEFAULT, o -> o);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @org.junit.jupiter.api.AfterEach
  void noLeakedConnections() throws InterruptedException {
    h.assertAttemptEndedWithoutLeaks();
  }

  @BeforeEach
  void drainUpstreams() throws InterruptedException {
    h.drain();
  }

  static Stream<Arguments> requests() {
    List<Arguments> out = new ArrayList<>();
    for (Protocol c : CLIENTS) {
      for (String f : fixtures(c, "request_")) {
        for (Protocol u : UPSTREAMS) out.add(Arguments.of(c, u, f));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> answers() {
    List<Arguments> out = new ArrayList<>();
    for (Protocol u : UPSTREAMS) {
      for (String f : fixtures(u, "response_")) {
        for (Protocol c : CLIENTS) out.add(Arguments.of(c, u, f));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> streams() {
    List<Arguments> out = new ArrayList<>();
    for (Protocol u : UPSTREAMS) {
      for (String f : fixtures(u, "stream_")) {
        for (Protocol c : CLIENTS) out.add(Arguments.of(c, u, f));
      }
    }
    return out.stream();
  }

  /** Each client request reaches each channel type as the codecs convert it (or untouched). */
  @ParameterizedTest(name = "{0} client, {1} channel: {2}")
  @MethodSource("requests")
  void clientRequestReachesTheUpstreamAsConverted(Protocol client, Protocol upstream, String file) throws Exception {
    String body = clientBody(client, file, false);
    String answer = text(fixture(upstream, TEXT_ANSWER));
    int i = use(client, upstream);
    h.upstream(i).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(answer).build());
    try (Response r = h.call(clientRequest(client, body, false))) {
      assertEquals(200, r.code(), () -> bodyOf(r));
      if (client == upstream) {
        assertEquals(answer, r.body().string());
      } else {
        assertConverted(expected(upstream, client, TEXT_ANSWER), pretty(r.body().string()));
      }
    }
    RecordedRequest up = h.upstream(i).takeRequest();
    assertEquals(Harness.upstreamPath(upstream, "upstream-model", false), up.getTarget());
    if (client == upstream) {
      assertEquals(client == Protocol.GEMINI ? body : body.replace("\"client-model\"", "\"upstream-model\""),
          up.getBody().utf8());
    } else {
      assertConverted(expected(client, upstream, file), pretty(up.getBody().utf8()));
    }
  }

  /** Each upstream answer reaches each client as the codecs convert it (or untouched). */
  @ParameterizedTest(name = "{0} client, {1} channel: {2}")
  @MethodSource("answers")
  void upstreamAnswerReachesTheClientAsConverted(Protocol client, Protocol upstream, String file) throws Exception {
    String answer = text(fixture(upstream, file));
    int i = use(client, upstream);
    h.upstream(i).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(answer).build());
    try (Response r = h.call(clientRequest(client, clientBody(client, "request_text.json", false), false))) {
      assertEquals(200, r.code(), () -> bodyOf(r));
      assertTrue(r.header("Content-Type").startsWith("application/json"));
      if (client == upstream) {
        assertEquals(answer, r.body().string());
      } else {
        assertConverted(expected(upstream, client, file), pretty(r.body().string()));
      }
    }
  }

  /** Each upstream stream reaches each client as the codecs convert it (or untouched), valid for the client. */
  @ParameterizedTest(name = "{0} client, {1} channel: {2}")
  @MethodSource("streams")
  void upstreamStreamReachesTheClientAsConverted(Protocol client, Protocol upstream, String file) throws Exception {
    String sse = text(fixture(upstream, file));
    int i = use(client, upstream);
    h.upstream(i).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(sse, 64).build());
    String got;
    String golden = client == upstream ? "" : expected(upstream, client, file);
    try (Response r = h.call(clientRequest(client, clientBody(client, "request_text.json", true), true))) {
      if (golden.startsWith("data: {\"error\"") || golden.startsWith("event: error")) {
        // The upstream failed before anything reached the client: the router fails over, and with
        // no channel left answers the failure in the client's shape.
        assertEquals(502, r.code());
        assertTrue(Json.parseObject(r.body().string()).getObject("error") != null);
        h.upstream(i).takeRequest();
        return;
      }
      assertEquals(200, r.code(), () -> bodyOf(r));
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      got = r.body().string();
    }
    if (client == upstream) {
      // Passthrough is byte for byte; a stream that ends before its terminal event gets one error
      // event appended, so the client knows the answer is cut off.
      String tail = file.equals("stream_truncated.sse")
          ? text(ClientErrors.streamEvent(client, ErrorType.UPSTREAM, "upstream stream ended before its final event")) : "";
      assertEquals(sse + tail, got);
    } else {
      assertConverted(golden, got);
      StreamValidators.forProtocol(client).validate(got.getBytes(StandardCharsets.UTF_8));
    }
    RecordedRequest up = h.upstream(i).takeRequest();
    assertEquals(Harness.upstreamPath(upstream, "upstream-model", true), up.getTarget());
    assertEquals("identity", up.getHeaders().get("Accept-Encoding"));
  }

  // ---------------------------------------------------------------------------------------------

  /** Puts one channel of the upstream's type (on upstream server i) in the client's channel list. */
  private static int use(Protocol client, Protocol upstream) {
    int i = UPSTREAMS.indexOf(upstream);
    h.use(kind(client), h.channel(i, upstream.serviceType()).modelMapping(Map.of("client-model", "upstream-model")).build());
    return i;
  }

  private static ApiKind kind(Protocol client) {
    return client == Protocol.CLAUDE ? ApiKind.MESSAGES : client == Protocol.RESPONSES ? ApiKind.RESPONSES : ApiKind.GEMINI;
  }

  /** The client's fixture with its model set to {@code client-model} (and {@code stream} when asked). */
  private static String clientBody(Protocol client, String file, boolean stream) {
    byte[] raw = fixture(client, file);
    if (client != Protocol.GEMINI) raw = RoutingFields.scan(raw).withModel(raw, "client-model");
    String body = text(raw);
    return stream && client != Protocol.GEMINI ? body.replaceFirst("\\{", "{\"stream\":true,") : body;
  }

  private static Request clientRequest(Protocol client, String body, boolean stream) {
    RequestBody rb = RequestBody.create(body, MediaType.get("application/json"));
    switch (client) {
      case CLAUDE:
        return h.post("/v1/messages", body).build();
      case RESPONSES:
        return h.post("/v1/responses", body).build();
      default:
        String path = stream ? "/v1beta/models/client-model:streamGenerateContent?alt=sse"
            : "/v1beta/models/client-model:generateContent";
        return new Request.Builder().url(h.url(path)).post(rb).header("x-goog-api-key", Harness.ACCESS_KEY).build();
    }
  }

  private static String textAnswer(Protocol upstream) {
    return "response_text.json";
  }

  private static List<String> fixtures(Protocol p, String prefix) {
    try (Stream<Path> files = Files.list(RESOURCES.resolve("fixtures").resolve(p.serviceType()))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] fixture(Protocol p, String file) {
    return read(RESOURCES.resolve("fixtures").resolve(p.serviceType()).resolve(file));
  }

  private static String expected(Protocol from, Protocol to, String file) {
    return text(read(RESOURCES.resolve("expected").resolve(from.serviceType() + "-to-" + to.serviceType()).resolve(file)));
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String pretty(String json) {
    return text(Json.writePretty(Json.parse(json)));
  }

  private static String bodyOf(Response r) {
    try {
      return r.body().string();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * Replaces the ids that conversion made up by {@code ID}: 24 random characters in the actual text
   * (tokens that the expected text holds verbatim were copied from the fixture and stay), the
   * four-digit sequence numbers of the codecs' golden files in the expected text. Returns the two
   * texts, expected first.
   */
  static String[] normalize(String actual, String expected) {
    Matcher m = ID.matcher(actual);
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, expected.contains(m.group()) ? m.group() : "ID");
    m.appendTail(sb);
    return new String[] {GOLDEN_ID.matcher(expected).replaceAll("ID"), sb.toString()};
  }

  static void assertConverted(String expected, String actual) {
    String[] n = normalize(actual, expected);
    assertEquals(n[0], n[1]);
  }
}
