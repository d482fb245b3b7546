package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamUrlsTest {
  @ParameterizedTest
  @CsvSource({
      "https://api.example.com, /chat/completions, https://api.example.com/v1/chat/completions",
      "https://api.example.com/v1, /chat/completions, https://api.example.com/v1/chat/completions",
      "https://api.example.com/v2, /chat/completions, https://api.example.com/v2/chat/completions",
      "https://api.example.com#, /chat/completions, https://api.example.com/chat/completions",
      "https://api.example.com/#, /messages, https://api.example.com/messages",
      "https://api.example.com/, /messages, https://api.example.com/v1/messages",
      "https://api.example.com//, /messages, https://api.example.com/v1/messages",
      "https://api.example.com/v1beta, /responses, https://api.example.com/v1beta/responses",
      "https://relay.example.com/openai/v1, /responses, https://relay.example.com/openai/v1/responses",
      "https://api.example.com#, /messages/count_tokens, https://api.example.com/messages/count_tokens",
  })
  void ruleR(String base, String endpoint, String expected) {
    assertEquals(expected, UpstreamUrls.v1(base, endpoint));
  }

  @ParameterizedTest
  @CsvSource({
      "https://generativelanguage.googleapis.com, https://generativelanguage.googleapis.com/v1beta/models/g:generateContent",
      "https://generativelanguage.googleapis.com/v1beta, https://generativelanguage.googleapis.com/v1beta/models/g:generateContent",
      "https://relay.example.com/gemini#, https://relay.example.com/gemini/models/g:generateContent",
  })
  void geminiUsesV1beta(String base, String expected) {
    assertEquals(expected, UpstreamUrls.join(base, "/v1beta", "/models/g:generateContent"));
  }

  @ParameterizedTest
  @CsvSource({"/v1/messages, /messages", "/v1/messages/count_tokens, /messages/count_tokens", "/v1beta/models/x, /models/x"})
  void stripVersion(String path, String expected) {
    assertEquals(expected, UpstreamUrls.stripVersion(path));
  }

  /** The scans give what the regular expressions they replaced gave, over generated bases and paths. */
  @Test
  void scansAgreeWithTheRegularExpressions() {
    Pattern version = Pattern.compile(".*/v\\d+[a-z0-9]*$");
    Pattern versionPrefix = Pattern.compile("^/v\\d+[a-z0-9]*(/.*)$");
    String[] parts = {"", "/", "v", "v1", "v12", "v1beta", "v1Beta", "v1-x", "V1", "vx", "api", "/v2", "\n", "x/v3"};
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sb = new StringBuilder(random.nextBoolean() ? "/" : "");
      for (int k = random.nextInt(5); k > 0; k--) sb.append(parts[random.nextInt(parts.length)]);
      String s = sb.toString();
      java.util.regex.Matcher m = versionPrefix.matcher(s);
      assertEquals(m.matches() ? m.group(1) : s, UpstreamUrls.stripVersion(s), s);
      String base = "https://h" + s;
      String stripped = base.trim().replaceAll("/+$", "");
      String expected = version.matcher(stripped).matches() ? stripped + "/e" : stripped + "/v1/e";
      assertEquals(expected, UpstreamUrls.join(base, "/v1", "/e"), s);
    }
  }

  @ParameterizedTest
  @CsvSource({"https://a/v1/messages, beta=true, https://a/v1/messages?beta=true", "https://a/x?alt=sse, k=1, https://a/x?alt=sse&k=1"})
  void withQuery(String url, String query, String expected) {
    assertEquals(expected, UpstreamUrls.withQuery(url, query));
  }
}
