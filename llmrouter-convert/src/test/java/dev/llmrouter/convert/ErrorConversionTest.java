package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.Protocol;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Upstream error bodies re-shaped for the client with the upstream message kept. */
class ErrorConversionTest {
  private static String convert(Protocol upstream, Protocol client, int status, String body) {
    return text(CONVERTER.error(upstream, client, status, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anthropicRateLimitBecomesOpenAiShape() {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}";
    assertEquals("{\"error\":{\"message\":\"Number of request tokens has exceeded your per-minute rate limit\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
        convert(Protocol.CLAUDE, Protocol.RESPONSES, 429, body));
  }

  @Test
  void openAiErrorBecomesAnthropicShape() {
    String body = "{\"error\":{\"message\":\"Invalid 'max_tokens': too large\",\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":null}}";
    assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid 'max_tokens': too large\"}}",
        convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, 400, body));
  }

  @Test
  void geminiArrayWrappedErrorBecomesAnthropicShape() {
    String body = "[{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}]";
    assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"The model is overloaded.\"}}",
        convert(Protocol.GEMINI, Protocol.CLAUDE, 503, body));
  }

  @Test
  void anthropicErrorBecomesGeminiShape() {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}";
    assertEquals("{\"error\":{\"code\":404,\"message\":\"model: claude-x\",\"status\":\"NOT_FOUND\"}}",
        convert(Protocol.CLAUDE, Protocol.GEMINI, 404, body));
  }

  @Test
  void nonJsonBodyIsKeptAsTheMessage() {
    assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream connect error\"}}",
        convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, 500, "upstream connect error\n"));
    assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream returned status 502\"}}",
        convert(Protocol.OPENAI_CHAT, Protocol.CLAUDE, 502, "").replace("api_error", "api_error"));
  }
}
