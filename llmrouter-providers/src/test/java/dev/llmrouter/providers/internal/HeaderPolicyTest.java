package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.llmrouter.api.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {
  /** An answer's headers as an HTTP client reads them: every string made anew. */
  private static HttpHeaders answer(String requestId) {
    return HttpHeaders.of(fresh("cf-cache-status"), fresh("DYNAMIC"),
        fresh("anthropic-ratelimit-tokens-remaining"), fresh("39000"), fresh("request-id"), fresh(requestId),
        fresh("transfer-encoding"), fresh("chunked"));
  }

  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  @Test
  void theRelayedHeadersOfTwoAnswersShareTheirCommonNamesAndValues() {
    HttpHeaders first = HeaderPolicy.response(answer("req_1"));
    HttpHeaders second = HeaderPolicy.response(answer("req_2"));
    assertEquals(3, first.size(), "transfer-encoding is the connection's, not relayed");
    assertNull(first.get("transfer-encoding"));
    for (int i = 0; i < first.size(); i++) assertSame(first.name(i), second.name(i), first.name(i));
    assertSame(first.value(0), second.value(0), "a common value");
    assertEquals("req_1", first.get("request-id"));
    assertEquals("req_2", second.get("request-id"));
  }
}
