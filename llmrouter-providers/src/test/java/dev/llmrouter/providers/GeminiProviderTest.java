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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeminiProviderTest {
  static final String GEMINI_REQUEST = "{ \"contents\": [{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
      + " \"toolConfig\": {\"functionCallingConfig\":{\"mode\":\"ANY\"}}, \"cachedContent\":\"cachedContents/x\","
      + " \"generationConfig\":{\"seed\": 12345678901234567890, \"temperature\": 0.50}}";
  static final String GEMINI_ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello\","
      + "\"thoughtSignature\":\"c2ln\"}]},\"finishReason\":\"STOP\",\"groundingMetadata\":{\"x\":1}}],"
      + "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":3,\"cachedContentTokenCount\":4,"
      + "\"totalTokenCount\":15},\"responseId\":\"r1\",\"modelVersion\":\"gemini-2.5-pro\"}";

  private final ProviderFixture f = new ProviderFixture();

  GeminiProviderTest() throws IOException {}

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ClientRequest gemini(String operation, boolean stream) {
    return request(ApiKind.GEMINI, operation, "/v1beta/models/gemini-pro:" + operation, GEMINI_REQUEST,
        "gemini-pro", stream, clientHeaders());
  }

  @Test
  void geminiClientIsPassedThroughByteForByteWithTheMappedModelInTheUrl() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(GEMINI_ANSWER).build());
    Channel ch = f.channel("gemini", "AIza-key-1").build();
    try (UpstreamExchange ex = f.provider("gemini").open(call(gemini("generateContent", false), ch, "gemini-2.5-pro"))) {
      assertEquals(200, ex.status());
      assertFalse(ex.isStream());
      assertEquals(GEMINI_ANSWER, new String(ex.body(), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(new Usage(8, 3, 4, 0, 0, false), ex.usage());
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", up.getTarget());
    assertEquals(GEMINI_REQUEST, up.getBody().utf8());
    assertHeader(up, "x-goog-api-key", "AIza-key-1");
    assertHeader(up, "x-goog-api-client", "genai-js/1.0");
    assertHeader(up, "Content-Type", "application/json");
    assertNull(up.getHeaders().get("Authorization"));
    assertNull(up.getHeaders().get("openai-beta"));
    assertNull(up.getHeaders().get("x-stainless-lang"));
    assertNoAnthropicHeaders(up);
    assertNoClientSecrets(up);
    assertTrue(f.converter.contexts.isEmpty(), "passthrough must not convert");
  }

  @Test
  void streamAsksForSseWithoutCompressionAndForwardsEveryEventUntouched() throws Exception {
    String a = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"He\"}],\"role\":\"model\"}}]}\r\n\r\n";
    String b = ": comment\ndata: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"llo\"}],\"role\":\"model\"},"
        + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2}}\n\n";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(a + b, 7).build());
    Channel ch = f.channel("gemini", "AIza-key-1").build();
    try (UpstreamExchange ex = f.provider("gemini").open(call(gemini("streamGenerateContent", true), ch, "gemini-pro"))) {
      assertTrue(ex.isStream());
      assertEquals(a + b, drain(ex));
      assertNull(ex.failure());
      assertEquals(Usage.of(5, 2), ex.usage());
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/v1beta/models/gemini-pro:streamGenerateContent?alt=sse", up.getTarget());
    assertHeader(up, "Accept-Encoding", "identity");
  }

  @Test
  void streamThatEndsWithoutAFinishReasonEndsWithAnErrorFrame() throws Exception {
    String a = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"He\"}],\"role\":\"model\"}}]}\n\n";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(a).build());
    Channel ch = f.channel("gemini", "k").build();
    try (UpstreamExchange ex = f.provider("gemini").open(call(gemini("streamGenerateContent", true), ch, "gemini-pro"))) {
      assertEquals(a, ex.nextFrame().text());
      StreamFrame last = ex.nextFrame();
      assertTrue(last.error());
      assertEquals("data: {\"error\":{\"code\":500,\"message\":\"upstream stream ended before its final event\","
          + "\"status\":\"UNAVAILABLE\"}}\n\n", last.text());
      assertNull(ex.nextFrame());
      assertEquals("upstream stream ended before its final event", ex.failure());
    }
  }

  @Test
  void jsonAnswerToAStreamRequestBecomesAOneEventStream() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(GEMINI_ANSWER).build());
    Channel ch = f.channel("gemini", "k").build();
    try (UpstreamExchange ex = f.provider("gemini").open(call(gemini("streamGenerateContent", true), ch, "gemini-pro"))) {
      assertTrue(ex.isStream());
      assertEquals("data: " + GEMINI_ANSWER + "\n\n", drain(ex));
      assertEquals(new Usage(8, 3, 4, 0, 0, false), ex.usage());
    }
  }

  @Test
  void countTokensGoesToTheCountTokensAction() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body("{\"totalTokens\":7}").build());
    Channel ch = f.channel("gemini", "k").baseUrl(f.upstream.url("/v1beta").toString()).build();
    try (UpstreamExchange ex = f.provider("gemini").open(call(gemini("countTokens", false), ch, "gemini-pro"))) {
      assertEquals("{\"totalTokens\":7}", new String(ex.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertEquals("/v1beta/models/gemini-pro:countTokens", f.upstream.takeRequest().getTarget());
  }

  @Test
  void baseEndingInHashKeepsItsOwnPath() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body(GEMINI_ANSWER).build());
    Channel ch = f.channel("gemini", "k").baseUrl(f.upstream.url("/relay/gemini").toString() + "#").build();
    f.provider("gemini").open(call(gemini("generateContent", false), ch, "models/gemini-pro")).close();
    assertEquals("/relay/gemini/models/gemini-pro:generateContent", f.upstream.takeRequest().getTarget());
  }

  private static final String WITH_CALLS = "{\"contents\":[{\"role\":\"model\",\"parts\":["
      + "{\"functionCall\":{\"name\":\"a\",\"args\":{}}},"
      + "{\"functionCall\":{\"name\":\"b\",\"args\":{}},\"thoughtSignature\":\"real\"},"
      + "{\"text\":\"t\",\"thought_signature\":\"snake\"}]}],\"n\":1.50}";

  @Test
  void injectDummyThoughtSignatureFillsOnlyMissingFunctionCallSignatures() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body(GEMINI_ANSWER).build());
    Channel ch = f.channel("gemini", "k").injectDummyThoughtSignature(true).build();
    ClientRequest req = request(ApiKind.GEMINI, "generateContent", "/v1beta/models/g:generateContent", WITH_CALLS, "g",
        false, clientHeaders());
    f.provider("gemini").open(call(req, ch, "g")).close();
    assertEquals("{\"contents\":[{\"role\":\"model\",\"parts\":["
        + "{\"functionCall\":{\"name\":\"a\",\"args\":{}},\"thoughtSignature\":\"skip_thought_signature_validator\"},"
        + "{\"functionCall\":{\"name\":\"b\",\"args\":{}},\"thoughtSignature\":\"real\"},"
        + "{\"text\":\"t\",\"thought_signature\":\"snake\"}]}],\"n\":1.50}", f.upstream.takeRequest().getBody().utf8());
  }

  @Test
  void stripThoughtSignatureRemovesEverySignatureAndWinsOverInject() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body(GEMINI_ANSWER).build());
    Channel ch = f.channel("gemini", "k").stripThoughtSignature(true).injectDummyThoughtSignature(true).build();
    ClientRequest req = request(ApiKind.GEMINI, "generateContent", "/v1beta/models/g:generateContent", WITH_CALLS, "g",
        false, clientHeaders());
    f.provider("gemini").open(call(req, ch, "g")).close();
    assertEquals("{\"contents\":[{\"role\":\"model\",\"parts\":["
        + "{\"functionCall\":{\"name\":\"a\",\"args\":{}}},"
        + "{\"functionCall\":{\"name\":\"b\",\"args\":{}}},"
        + "{\"text\":\"t\"}]}],\"n\":1.50}", f.upstream.takeRequest().getBody().utf8());
  }

  @Test
  void messagesClientIsConvertedWithTheChannelsSignatureOptionsAndFreshIds() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().body(GEMINI_ANSWER).build());
    Channel ch = f.channel("gemini", "k").injectDummyThoughtSignature(true).build();
    String body = "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[]}";
    ClientRequest req = request(ApiKind.MESSAGES, "messages", "/v1/messages", body, "claude-x", false, clientHeaders());
    try (UpstreamExchange ex = f.provider("gemini").open(call(req, ch, "gemini-2.5-flash"))) {
      assertEquals("converted GEMINI->CLAUDE: " + GEMINI_ANSWER, new String(ex.body(), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals("application/json", ex.contentType());
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", up.getTarget());
    assertEquals("{\"from\":\"CLAUDE\",\"to\":\"GEMINI\",\"model\":\"gemini-2.5-flash\",\"stream\":false,\"body\":"
        + dev.llmrouter.api.json.Json.quote(body) + "}", up.getBody().utf8());
    assertNoAnthropicHeaders(up);
    assertNoClientSecrets(up);
    ConvertContext ctx = f.converter.contexts.get(0);
    assertEquals("claude-x", ctx.clientModel());
    assertTrue(ctx.injectDummyThoughtSignature());
    assertFalse(ctx.stripThoughtSignature());
    String id1 = ctx.ids().get();
    assertEquals(24, id1.length());
    assertNotEquals(id1, ctx.ids().get());
  }
}
