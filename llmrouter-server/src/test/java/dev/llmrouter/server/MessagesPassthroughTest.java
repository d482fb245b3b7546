package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessagesPassthroughTest {
  private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"unknown_field\":{\"x\":[1.50,2e3]}}";
  private static final String ANSWER = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
      + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"sig==\"},{\"type\":\"text\",\"text\":\"Hello\"}],"
      + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":3},"
      + "\"brand_new_field\":  {\"nested\": 12345678901234567890}}";

  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  @Test
  void nonStreamedAnswerArrivesByteIdentical() throws Exception {
    h = Harness.claude(1);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("request-id", "req_123").addHeader("anthropic-ratelimit-requests-remaining", "99").body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      assertEquals(200, r.code());
      assertEquals(ANSWER, r.body().string());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals("req_123", r.header("request-id"));
      assertEquals("99", r.header("anthropic-ratelimit-requests-remaining"));
      assertEquals("up0", r.header("x-llmrouter-channel"));
      assertEquals("1", r.header("x-llmrouter-attempts"));
    }
    assertEquals(REQUEST, h.upstream(0).takeRequest().getBody().utf8());
  }

  /**
   * Non-streamed answers and refusals are sent from the connection's IO thread: on one kept-alive
   * connection, answers one after another, a refused request and a pipelined pair each come with
   * their exact length and bytes.
   */
  @Test
  void keptAliveConnectionCarriesEachAnswerWithItsLength() throws Exception {
    h = Harness.claude(1);
    int n = 30;
    for (int i = 0; i < n + 2; i++) {
      h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    }
    byte[] request = rawPost(REQUEST);
    try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < n; i++) {
        out.write(request);
        out.flush();
        assertEquals(ANSWER, answerBody(in, 200), "answer " + i);
      }
      out.write(rawPost("{\"model\":"));
      out.flush();
      assertTrue(answerBody(in, 400).contains("invalid_request_error"), "a refused request on the same connection");
      out.write(request);
      out.write(request);
      out.flush();
      assertEquals(ANSWER, answerBody(in, 200), "first pipelined answer");
      assertEquals(ANSWER, answerBody(in, 200), "second pipelined answer");
    }
  }

  private static byte[] rawPost(String json) {
    return (ClientAbuseTest.head("POST", "/v1/messages", "x-api-key: " + Harness.ACCESS_KEY,
        "Content-Type: application/json", "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length) + json)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Reads one answer, checks its status and that it declares its length, and returns its body. */
  private static String answerBody(InputStream in, int status) throws IOException {
    String[] answer = ClientAbuseTest.readResponse(in);
    assertEquals(status, ClientAbuseTest.status(answer[0]), answer[0]);
    assertTrue(answer[0].toLowerCase(Locale.ROOT).contains("\r\ncontent-length:"), "no Content-Length: " + answer[0]);
    return answer[1];
  }

  @Test
  void upstreamSeesTheChannelKeyAndAllowedHeadersOnly() throws Exception {
    h = Harness.claude(1);
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/messages?beta=true", REQUEST)
        .header("Authorization", "Bearer " + Harness.ACCESS_KEY)
        .header("anthropic-version", "2023-06-01")
        .header("anthropic-beta", "interleaved-thinking-2025-05-14")
        .header("x-stainless-lang", "js")
        .header("Cookie", "session=secret")
        .header("X-Forwarded-For", "10.0.0.1")
        .header("x-goog-api-key", "foreign")
        .build())) {
      assertEquals(200, r.code());
    }
    RecordedRequest up = h.upstream(0).takeRequest();
    assertEquals("/v1/messages?beta=true", up.getTarget());
    assertEquals("sk-ant-key-0", up.getHeaders().get("x-api-key"));
    assertNull(up.getHeaders().get("Authorization"));
    assertNull(up.getHeaders().get("Cookie"));
    assertNull(up.getHeaders().get("X-Forwarded-For"));
    assertNull(up.getHeaders().get("x-goog-api-key"));
    assertEquals("2023-06-01", up.getHeaders().get("anthropic-version"));
    assertEquals("interleaved-thinking-2025-05-14", up.getHeaders().get("anthropic-beta"));
    assertEquals("js", up.getHeaders().get("x-stainless-lang"));
    for (String name : up.getHeaders().names()) {
      assertFalse(up.getHeaders().get(name).contains(Harness.ACCESS_KEY), "access key leaked in " + name);
    }
  }

  @Test
  void anthropicVersionIsAddedWhenTheClientSentNone() throws Exception {
    h = Harness.claude(1);
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    h.call(h.post("/v1/messages", REQUEST).build()).close();
    assertEquals("2023-06-01", h.upstream(0).takeRequest().getHeaders().get("anthropic-version"));
  }

  @Test
  void modelMappingRewritesOnlyTheUpstreamModel() throws Exception {
    h = Harness.claude(1);
    h.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.MESSAGES, h.claudeChannel(0).modelMapping(Map.of("sonnet", "claude-sonnet-4-5-20250929")).build())
        .build());
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    h.call(h.post("/v1/messages", REQUEST).build()).close();
    assertEquals(REQUEST.replace("\"claude-sonnet-4-5\"", "\"claude-sonnet-4-5-20250929\""),
        h.upstream(0).takeRequest().getBody().utf8());
  }

  @Test
  void firstStreamedEventArrivesWhileTheUpstreamHoldsBackTheRest() throws Exception {
    h = Harness.claude(1);
    List<String> events = claudeStream();
    GatedBody body = new GatedBody(events, 0);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"")).build())) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      BufferedSource source = r.body().source();
      assertEquals(events.get(0), readEvent(source));
      // The upstream has not sent anything else yet: the event was flushed on its own.
      body.release();
      StringBuilder rest = new StringBuilder();
      String e;
      while ((e = readEvent(source)) != null) rest.append(e);
      assertEquals(String.join("", events.subList(1, events.size())), rest.toString());
    }
  }

  @Test
  void clientDisconnectingMidStreamCancelsTheUpstreamCall() throws Exception {
    h = Harness.claude(1);
    List<String> events = new ArrayList<>(claudeStream().subList(0, 2));
    for (int i = 0; i < 400; i++) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t" + i + "\"}}\n\n");
    }
    GatedBody body = new GatedBody(events, 25);
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    Response r = h.call(h.post("/v1/messages", REQUEST.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"")).build());
    assertEquals(events.get(0), readEvent(r.body().source()));
    r.close();
    body.release();
    assertTrue(h.awaitCancel(10), "the upstream call was not cancelled");
    assertTrue(body.writeFailed.await(10, TimeUnit.SECONDS), "the upstream kept sending to nobody");
  }

  static List<String> claudeStream() {
    return List.of(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        ": a comment the upstream sent\nevent: brand_new_event\ndata: {\"type\":\"brand_new_event\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  /** Reads one SSE event (through its blank line) as text, or null at the end. */
  static String readEvent(BufferedSource source) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) return sb.length() == 0 ? null : sb.toString();
      sb.append(line).append('\n');
      if (line.isEmpty()) {
        if (sb.length() == 1) {
          sb.setLength(0);
          continue;
        }
        return sb.toString();
      }
    }
  }

  static JsonObject json(Response r) throws IOException {
    return Json.parseObject(r.body().string());
  }
}
