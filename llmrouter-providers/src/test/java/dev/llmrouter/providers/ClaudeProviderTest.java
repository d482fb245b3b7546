package dev.llmrouter.providers;

import static dev.llmrouter.providers.ProviderFixture.call;
import static dev.llmrouter.providers.ProviderFixture.clientHeaders;
import static dev.llmrouter.providers.ProviderFixture.request;
import static dev.llmrouter.providers.Upstreams.assertHeader;
import static dev.llmrouter.providers.Upstreams.assertNoClientSecrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.testing.GcWatch;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaudeProviderTest {
  static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

  private final ProviderFixture f = new ProviderFixture();

  ClaudeProviderTest() throws IOException {}

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void messagesClientKeepsItsPathQueryAndAnthropicVersion() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body(ANSWER).build());
    Channel ch = f.channel("claude", "sk-ant-1").build();
    String body = "{\"model\":\"claude-x\",\"messages\":[]}";
    ClientRequest req = new ClientRequest(ApiKind.MESSAGES, "count_tokens", "/v1/messages/count_tokens", "beta=true",
        clientHeaders(), body.getBytes(StandardCharsets.UTF_8),
        dev.llmrouter.api.json.RoutingFields.scan(body.getBytes(StandardCharsets.UTF_8)), "claude-x", false);
    assertTrue(f.provider("claude").supports(req));
    f.provider("claude").open(call(req, ch, "claude-x")).close();
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/v1/messages/count_tokens?beta=true", up.getTarget());
    assertHeader(up, "x-api-key", "sk-ant-1");
    assertHeader(up, "anthropic-version", "2023-01-01");
    assertHeader(up, "anthropic-beta", "tools-2024");
    assertNull(up.getHeaders().get("Authorization"));
    assertNull(up.getHeaders().get("openai-beta"));
    assertNoClientSecrets(up);
    assertEquals(body, up.getBody().utf8());
  }

  @Test
  void anOpenStreamNoLongerHoldsTheRequestBody() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("event: ping\ndata: {\"type\":\"ping\"}\n\n").build());
    List<GcWatch> body = new ArrayList<>();
    try (UpstreamExchange ex = openStream(f.channel("claude", "sk-ant-1").build(), body)) {
      assertEquals("event: ping\ndata: {\"type\":\"ping\"}\n\n", new String(ex.nextFrame().bytes(), StandardCharsets.UTF_8));
      assertTrue(body.get(0).awaitCollected(), "the open stream (OkHttp's response and request) still holds the body");
    }
    assertEquals(100_000 + 43, f.upstream.takeRequest().getBody().size(), "the whole body was sent");
  }

  /** Opens a streamed request of 100 KB that nothing here holds but {@code body}'s watch. */
  private UpstreamExchange openStream(Channel ch, List<GcWatch> body) throws IOException {
    byte[] bytes = ("{\"model\":\"claude-x\",\"stream\":true,\"pad\":\"" + "x".repeat(100_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    body.add(new GcWatch(bytes));
    ClientRequest req = new ClientRequest(ApiKind.MESSAGES, "messages", "/v1/messages", null, clientHeaders(), bytes,
        dev.llmrouter.api.json.RoutingFields.scan(bytes), "claude-x", true);
    return f.provider("claude").open(call(req, ch, "claude-x"));
  }

  @Test
  void responsesClientIsConvertedToMessagesWithTheDefaultVersion() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body(ANSWER).build());
    // A key that does not look like an Anthropic key still goes in x-api-key on a claude channel.
    Channel ch = f.channel("claude", "relay-key-1").build();
    ClientRequest req = request(ApiKind.RESPONSES, "responses", "/v1/responses", "{\"model\":\"gpt-5\",\"input\":\"hi\"}",
        "gpt-5", false, HttpHeaders.of("Authorization", "Bearer " + ProviderFixture.ACCESS_KEY, "openai-beta", "x"));
    try (UpstreamExchange ex = f.provider("claude").open(call(req, ch, "claude-sonnet-4-5"))) {
      assertEquals("converted CLAUDE->RESPONSES: " + ANSWER, new String(ex.body(), StandardCharsets.UTF_8));
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/v1/messages", up.getTarget());
    assertHeader(up, "x-api-key", "relay-key-1");
    assertHeader(up, "anthropic-version", "2023-06-01");
    assertNull(up.getHeaders().get("Authorization"));
    assertNull(up.getHeaders().get("openai-beta"));
    assertNoClientSecrets(up);
    assertTrue(up.getBody().utf8().startsWith("{\"from\":\"RESPONSES\",\"to\":\"CLAUDE\",\"model\":\"claude-sonnet-4-5\""));
  }

  @Test
  void geminiClientStreamIsConvertedToAMessagesStream() throws Exception {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse).build());
    Channel ch = f.channel("claude", "sk-ant-1").baseUrl(f.upstream.url("/").toString() + "#").build();
    ClientRequest req = request(ApiKind.GEMINI, "streamGenerateContent", "/v1beta/models/g:streamGenerateContent",
        "{\"contents\":[]}", "g", true, clientHeaders());
    try (UpstreamExchange ex = f.provider("claude").open(call(req, ch, "claude-x"))) {
      assertEquals("data: client {\"type\":\"message_start\"}\n\ndata: client {\"type\":\"message_stop\"}\n\n"
          + "data: finish completed=true\n\n", ProviderFixture.drain(ex));
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/messages", up.getTarget());
    assertHeader(up, "Accept-Encoding", "identity");
  }
}
