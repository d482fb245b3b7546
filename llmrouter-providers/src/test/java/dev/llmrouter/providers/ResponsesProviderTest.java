package dev.llmrouter.providers;

import static dev.llmrouter.providers.ProviderFixture.call;
import static dev.llmrouter.providers.ProviderFixture.clientHeaders;
import static dev.llmrouter.providers.ProviderFixture.drain;
import static dev.llmrouter.providers.ProviderFixture.request;
import static dev.llmrouter.providers.Upstreams.assertHeader;
import static dev.llmrouter.providers.Upstreams.assertNoAnthropicHeaders;
import static dev.llmrouter.providers.Upstreams.assertNoClientSecrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponsesProviderTest {
  static final String REQUEST = "{\"model\":\"gpt-5\",\"input\":\"hi\",  \"reasoning\":{\"effort\":\"high\"},"
      + "\"brand_new\":[1.0, 12345678901234567890]}";
  static final String ANSWER = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
      + "\"usage\":{\"input_tokens\":10,\"output_tokens\":4,\"input_tokens_details\":{\"cached_tokens\":6}},\"new\":true}";

  private final ProviderFixture f = new ProviderFixture();

  ResponsesProviderTest() throws IOException {}

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ClientRequest responses(String body, boolean stream) {
    return request(ApiKind.RESPONSES, "responses", "/v1/responses", body, "gpt-5", stream, clientHeaders());
  }

  @Test
  void responsesClientIsPassedThroughWithOnlyTheModelRewritten() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "r-1").addHeader("Set-Cookie", "a=b").body(ANSWER).build());
    Channel ch = f.channel("responses", "sk-proj-1").build();
    try (UpstreamExchange ex = f.provider("responses").open(call(responses(REQUEST, false), ch, "gpt-5-codex"))) {
      assertEquals(ANSWER, new String(ex.body(), StandardCharsets.UTF_8));
      assertEquals(new Usage(4, 4, 6, 0, 0, false), ex.usage());
      assertEquals("r-1", ex.headers().get("x-request-id"));
      assertNull(ex.headers().get("Set-Cookie"));
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/v1/responses", up.getTarget());
    assertEquals(REQUEST.replace("\"gpt-5\"", "\"gpt-5-codex\""), up.getBody().utf8());
    assertHeader(up, "Authorization", "Bearer sk-proj-1");
    assertHeader(up, "openai-beta", "responses=v1");
    assertNoAnthropicHeaders(up);
    assertNoClientSecrets(up);
  }

  @Test
  void streamEndsAtResponseCompletedWithItsUsage() throws Exception {
    String a = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n";
    String b = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n";
    String c = "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\","
        + "\"usage\":{\"input_tokens\":7,\"output_tokens\":2}}}\n\n";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(a + b + c, 9).build());
    Channel ch = f.channel("responses", "k").build();
    try (UpstreamExchange ex = f.provider("responses").open(call(responses(REQUEST.replace("{", "{\"stream\":true,"), true), ch, "gpt-5"))) {
      assertEquals(a + b + c, drain(ex));
      assertNull(ex.failure());
      assertEquals(Usage.of(7, 2), ex.usage());
    }
  }

  @Test
  void responseFailedIsAnInBandError() throws Exception {
    String a = "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"server_error\"}}}\n\n";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(a).build());
    Channel ch = f.channel("responses", "k").build();
    try (UpstreamExchange ex = f.provider("responses").open(call(responses(REQUEST, true), ch, "gpt-5"))) {
      StreamFrame frame = ex.nextFrame();
      assertTrue(frame.error());
      assertEquals(a, frame.text());
      assertNull(ex.nextFrame());
      assertEquals("upstream sent an error event", ex.failure());
    }
  }

  @Test
  void compactGoesToResponsesCompactUnstreamed() throws Exception {
    String compacted = "{\"id\":\"cmp_1\",\"object\":\"response.compaction\",\"output\":[{\"type\":\"compaction\"}]}";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(compacted).build());
    Channel ch = f.channel("responses", "k").baseUrl(f.upstream.url("/openai/v1/").toString()).build();
    ClientRequest req = request(ApiKind.RESPONSES, "compact", "/v1/responses/compact", REQUEST, "gpt-5", false, clientHeaders());
    try (UpstreamExchange ex = f.provider("responses").open(call(req, ch, "gpt-5"))) {
      assertFalse(ex.isStream());
      assertEquals(compacted, new String(ex.body(), StandardCharsets.UTF_8));
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/openai/v1/responses/compact", up.getTarget());
    assertEquals(REQUEST, up.getBody().utf8());
    assertHeader(up, "Accept-Encoding", "gzip");
  }

  @Test
  void upstreamErrorOfTheSameProtocolIsRelayedAsItIs() throws Exception {
    String error = "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":null}}";
    f.upstream.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body(error).build());
    Channel ch = f.channel("responses", "k").build();
    try (UpstreamExchange ex = f.provider("responses").open(call(responses(REQUEST, false), ch, "gpt-5"))) {
      assertEquals(400, ex.status());
      assertEquals(error, new String(ex.clientErrorBody(), StandardCharsets.UTF_8));
    }
  }
}
