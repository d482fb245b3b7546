package dev.llmrouter.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class CommonStringsTest {
  @Test
  void aCommonStringIsOneSharedStringWhereverItComesFrom() {
    for (String s : new String[] {"content-type", "Content-Type", "x-stainless-retry-count", "application/json",
        "2023-06-01", "/v1/messages", "anthropic-ratelimit-tokens-remaining", "cf-ray"}) {
      String first = new String(s.toCharArray());
      String second = new String(s.toCharArray());
      assertSame(CommonStrings.of(first), CommonStrings.of(second), s);
      assertEquals(s, CommonStrings.of(first));
    }
  }

  @Test
  void anyOtherStringIsGivenBackItself() {
    String key = new String("sk-ant-secret".toCharArray());
    assertSame(key, CommonStrings.of(key));
    String cased = new String("CONTENT-TYPE".toCharArray());
    assertSame(cased, CommonStrings.of(cased), "names keep the case they came in");
  }
}
