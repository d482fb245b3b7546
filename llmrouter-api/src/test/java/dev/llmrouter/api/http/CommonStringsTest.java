package dev.llmrouter.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

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

  @Test
  void latin1BytesGiveTheSharedStringOfACommonOneAndANewStringOtherwise() {
    for (String s : new String[] {"content-type", "Content-Type", "x-stainless-retry-count", "application/json",
        "2023-06-01", "/v1/messages", "anthropic-ratelimit-tokens-remaining", "cf-ray", "*", "0"}) {
      byte[] bytes = ("> " + s + " <").getBytes(StandardCharsets.ISO_8859_1);
      assertSame(CommonStrings.of(new String(s.toCharArray())), CommonStrings.latin1(bytes, 2, 2 + s.length()), s);
    }
    for (String s : new String[] {"", "sk-ant-secret", "CONTENT-TYPE", "content-typ", "content-typee", "caf\u00e9",
        "/v1/messages/other"}) {
      byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
      String made = CommonStrings.latin1(bytes, 0, bytes.length);
      assertEquals(s, made);
      assertSame(made, CommonStrings.of(made), "not a common one: " + s);
    }
    // Bytes past 0x7F are Latin-1 characters, never a common (ASCII) one.
    byte[] high = {(byte) 0xE9};
    assertEquals("\u00e9", CommonStrings.latin1(high, 0, 1));
    assertNotSame(CommonStrings.latin1(high, 0, 1), CommonStrings.latin1(high, 0, 1));
  }
}
