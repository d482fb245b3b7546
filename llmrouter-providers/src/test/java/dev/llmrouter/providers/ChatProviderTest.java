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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatProviderTest {
  static final String MESSAGES_REQUEST = "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[]}";
  static final String CHAT_ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":4}}}";

  private final ProviderFixture f = new ProviderFixture();

  ChatProviderTest() throws IOException {}

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ClientRequest messages(boolean stream) {
    return request(ApiKind.MESSAGES, "messages", "/v1/messages", MESSAGES_REQUEST, "claude-x", stream, clientHeaders());
  }

  private Channel channel() {
    // An sk-ant- key on an openai channel still goes as a Bearer token: auth follows the channel type.
    return f.channel("openai", "sk-ant-not-really").build();
  }

  @Test
  void convertedRequestGoesToChatCompletionsWithBearerAuthAndOpenAiHeadersOnly() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req-9").addHeader("openai-processing-ms", "12").body(CHAT_ANSWER).build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(false), channel(), "gpt-4o"))) {
      assertEquals("converted OPENAI_CHAT->CLAUDE: " + CHAT_ANSWER, new String(ex.body(), StandardCharsets.UTF_8));
      assertEquals(new Usage(5, 2, 4, 0, 0, false), ex.usage());
      assertEquals("req-9", ex.headers().get("x-request-id"));
      assertNull(ex.headers().get("openai-processing-ms"));
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertEquals("POST", up.getMethod());
    assertEquals("/v1/chat/completions", up.getTarget());
    assertHeader(up, "Authorization", "Bearer sk-ant-not-really");
    assertHeader(up, "openai-beta", "responses=v1");
    assertHeader(up, "x-stainless-lang", "js");
    assertHeader(up, "User-Agent", "sdk/1.0");
    assertHeader(up, "Content-Type", "application/json");
    assertNull(up.getHeaders().get("x-goog-api-client"));
    assertNoAnthropicHeaders(up);
    assertNoClientSecrets(up);
    assertTrue(up.getBody().utf8().startsWith("{\"from\":\"CLAUDE\",\"to\":\"OPENAI_CHAT\",\"model\":\"gpt-4o\",\"stream\":false"));
  }

  @Test
  void gzippedAnswerIsDecoded() throws Exception {
    Buffer gz = new Buffer();
    try (okio.BufferedSink sink = Okio.buffer(new GzipSink(gz))) {
      sink.writeUtf8(CHAT_ANSWER);
    }
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .addHeader("Content-Encoding", "gzip").body(gz).build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(false), channel(), "gpt-4o"))) {
      assertEquals("converted OPENAI_CHAT->CLAUDE: " + CHAT_ANSWER, new String(ex.body(), StandardCharsets.UTF_8));
      assertNull(ex.headers().get("Content-Encoding"));
    }
    assertHeader(f.upstream.takeRequest(), "Accept-Encoding", "gzip");
  }

  @Test
  void upstreamErrorIsRenderedByTheConverterInTheClientsShape() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "3")
        .body("{\"error\":{\"message\":\"slow down\"}}").build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(false), channel(), "gpt-4o"))) {
      assertEquals(429, ex.status());
      assertEquals("{\"error\":{\"message\":\"slow down\"}}", new String(ex.errorBody(), StandardCharsets.UTF_8));
      assertEquals("error OPENAI_CHAT->CLAUDE 429: {\"error\":{\"message\":\"slow down\"}}",
          new String(ex.clientErrorBody(), StandardCharsets.UTF_8));
      assertEquals("3", ex.headers().get("retry-after"));
      assertEquals("application/json", ex.contentType());
    }
  }

  @Test
  void streamIsConvertedEventByEventAndFinishedAtEof() throws Exception {
    String sse = "data: {\"choices\":[{\"delta\":{\"content\":\"H\"}}]}\n\n"
        + "data: {\"skip-me\":1}\n\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3}}\n\n"
        + "data: [DONE]\n\n";
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").chunkedBody(sse, 5).build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o"))) {
      assertTrue(ex.isStream());
      assertEquals("text/event-stream", ex.contentType());
      assertEquals("data: client {\"choices\":[{\"delta\":{\"content\":\"H\"}}]}\n\n", ex.nextFrame().text());
      assertEquals("data: client {\"choices\":[],\"usage\":{\"prompt_tokens\":3}}\n\n", ex.nextFrame().text());
      assertEquals("data: client [DONE]\n\n", ex.nextFrame().text());
      assertEquals("data: finish completed=true\n\n", ex.nextFrame().text());
      assertNull(ex.nextFrame());
      assertNull(ex.failure());
      assertEquals(Usage.of(3, 3), ex.usage());
    }
    RecordedRequest up = f.upstream.takeRequest();
    assertHeader(up, "Accept-Encoding", "identity");
    assertTrue(up.getBody().utf8().contains("\"stream\":true"));
  }

  @Test
  void streamEndingBeforeItsTerminalEventIsFinishedButCountsAsFailure() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"a\":1}\n\n").build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o"))) {
      assertEquals("data: client {\"a\":1}\n\ndata: finish completed=false\n\n", drain(ex));
      assertEquals("upstream stream ended before its final event", ex.failure());
    }
  }

  @Test
  void upstreamBreakingMidStreamEndsWithTheConvertersFailFrame() throws Exception {
    f.upstream.enqueue(Upstreams.breaksAfter(List.of("data: {\"a\":1}\n\n")).build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o"))) {
      assertEquals("data: client {\"a\":1}\n\n", ex.nextFrame().text());
      StreamFrame last = ex.nextFrame();
      assertTrue(last.error());
      assertTrue(last.text().startsWith("data: fail upstream stream failed: "), last.text());
      assertNull(ex.nextFrame());
      assertTrue(ex.failure() != null);
    }
  }

  @Test
  void upstreamBreakingBeforeAnyFrameIsThrownSoTheRouterCanFailOver() throws Exception {
    f.upstream.enqueue(Upstreams.breaksAfter(List.of("data: {\"skip-me\":1}\n\n")).build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o"))) {
      assertThrows(IOException.class, ex::nextFrame);
    }
  }

  @Test
  void inBandErrorBeforeAnyFrameIsAnErrorFrame() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"error\":{\"message\":\"overloaded\"}}\n\ndata: {\"never\":1}\n\n").build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o"))) {
      StreamFrame first = ex.nextFrame();
      assertTrue(first.error());
      assertEquals("data: client-error {\"error\":{\"message\":\"overloaded\"}}\n\n", first.text());
      assertNull(ex.nextFrame());
      assertTrue(ex.failure().startsWith("upstream sent an error event"));
    }
  }

  @Test
  void jsonAnswerToAStreamRequestIsReplayedAsChunksThroughTheStreamConverter() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(CHAT_ANSWER).build());
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o"))) {
      assertEquals("data: client {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: client {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":4}}}\n\n"
          + "data: client [DONE]\n\n"
          + "data: finish completed=true\n\n", drain(ex));
      assertNull(ex.failure());
    }
  }

  @Test
  void clientCancelMidStreamCancelsTheUpstreamCall() throws Exception {
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(new mockwebserver3.MockResponseBody() {
          @Override
          public long getContentLength() {
            return -1;
          }

          @Override
          public void writeTo(okio.BufferedSink sink) throws IOException {
            sink.writeUtf8("data: {\"a\":1}\n\n").flush();
            try {
              gate.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).build());
    CancelSignal cancel = new CancelSignal();
    try (UpstreamExchange ex = f.provider("openai").open(call(messages(true), channel(), "gpt-4o", cancel))) {
      assertEquals("data: client {\"a\":1}\n\n", ex.nextFrame().text());
      cancel.cancel();
      StreamFrame last = ex.nextFrame();
      assertTrue(last.error());
      assertEquals(1, f.cancelled.size());
    } finally {
      gate.countDown();
    }
  }

  @Test
  void onlyTheResponsesProviderCompacts() {
    ClientRequest compact = request(ApiKind.RESPONSES, "compact", "/v1/responses/compact", "{\"model\":\"m\"}", "m", false,
        clientHeaders());
    assertTrue(f.provider("responses").supports(compact));
    assertFalse(f.provider("openai").supports(compact));
    assertFalse(f.provider("claude").supports(compact));
    assertFalse(f.provider("gemini").supports(compact));
    ClientRequest count = request(ApiKind.GEMINI, "countTokens", "/v1beta/models/g:countTokens", "{}", "g", false,
        clientHeaders());
    // Gemini's countTokens: gemini, claude (count_tokens) and responses (input_tokens) count; Chat cannot.
    assertTrue(f.provider("gemini").supports(count));
    assertTrue(f.provider("claude").supports(count));
    assertTrue(f.provider("responses").supports(count));
    assertFalse(f.provider("openai").supports(count));
  }
}
