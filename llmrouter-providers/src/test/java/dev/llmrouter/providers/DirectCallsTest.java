package dev.llmrouter.providers;

import static dev.llmrouter.providers.ProviderFixture.call;
import static dev.llmrouter.providers.ProviderFixture.clientHeaders;
import static dev.llmrouter.providers.ProviderFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attempts a provider offers as plain data for a caller's own non-blocking client: a
 * passed-through request with a stream and one without, each with the URL {@code open} would call
 * and without compression; not a compaction or a token count, a converted request, or over an
 * embedder's OkHttp client.
 */
class DirectCallsTest {
  private static final String MESSAGES = "{\"model\":\"claude-x\",\"max_tokens\":16,\"messages\":"
      + "[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String GEMINI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

  private final ProviderFixture f = new ProviderFixture();
  // A transport of its own making: only over such a client are attempts offered as data.
  private final Map<String, Provider> providers = Providers.standard(HttpTransport.createDefault(), f.converter);

  DirectCallsTest() throws java.io.IOException {}

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static String header(DirectCall d, String name) {
    HttpHeaders h = d.headers();
    return h.get(name);
  }

  @Test
  void aPassedThroughClaudeRequestIsOfferedWithAndWithoutAStream() {
    Channel ch = f.channel("claude", "sk-ant-key-1").build();
    for (boolean stream : new boolean[] {true, false}) {
      String body = stream ? MESSAGES.replace("{\"model\"", "{\"stream\":true,\"model\"") : MESSAGES;
      DirectCall d = providers.get("claude").direct(call(request(ApiKind.MESSAGES, "messages", "/v1/messages", body,
          "claude-x", stream, clientHeaders()), ch, "claude-x"));
      assertNotNull(d, "stream " + stream);
      assertEquals(f.upstream.url("/v1/messages").toString(), d.url());
      assertEquals("identity", header(d, "Accept-Encoding"));
      assertEquals("sk-ant-key-1", header(d, "x-api-key"));
      assertEquals(body, new String(d.body(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aGeminiRequestWithoutAStreamGoesToGenerateContentAndATokenCountIsNotOffered() {
    Channel ch = f.channel("gemini", "AIza-key-1").build();
    DirectCall plain = providers.get("gemini").direct(call(request(ApiKind.GEMINI, "generateContent",
        "/v1beta/models/gemini-pro:generateContent", GEMINI, "gemini-pro", false, clientHeaders()), ch, "gemini-2.5-pro"));
    assertNotNull(plain);
    assertEquals(f.upstream.url("/v1beta/models/gemini-2.5-pro:generateContent").toString(), plain.url());
    DirectCall streamed = providers.get("gemini").direct(call(request(ApiKind.GEMINI, "streamGenerateContent",
        "/v1beta/models/gemini-pro:streamGenerateContent", GEMINI, "gemini-pro", true, clientHeaders()), ch,
        "gemini-2.5-pro"));
    assertNotNull(streamed);
    assertEquals(f.upstream.url("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse").toString(),
        streamed.url());
    assertNull(providers.get("gemini").direct(call(request(ApiKind.GEMINI, "countTokens",
        "/v1beta/models/gemini-pro:countTokens", GEMINI, "gemini-pro", false, clientHeaders()), ch, "gemini-2.5-pro")));
  }

  @Test
  void aConvertedRequestOrAnEmbeddersClientIsNotOffered() {
    Channel openai = f.channel("openai", "sk-openai-1").build();
    assertNull(providers.get("openai").direct(call(request(ApiKind.MESSAGES, "messages", "/v1/messages", MESSAGES,
        "claude-x", false, clientHeaders()), openai, "gpt-x")));
    Channel claude = f.channel("claude", "sk-ant-key-1").build();
    assertNull(f.provider("claude").direct(call(request(ApiKind.MESSAGES, "messages", "/v1/messages", MESSAGES,
        "claude-x", false, clientHeaders()), claude, "claude-x")));
    assertFalse(f.provider("claude") == providers.get("claude"));
  }
}
