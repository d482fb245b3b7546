package dev.llmrouter.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoutingHintsTest {
  private static ClientRequest request(String... headers) {
    byte[] body = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    return new ClientRequest(ApiKind.RESPONSES, "responses", "/v1/responses", null, HttpHeaders.of(headers), body,
        RoutingFields.scan(body), "m", false);
  }

  @Test
  void pinSetsChannelAndKeyAndReplacesEarlierPins() {
    ClientRequest r = RoutingHints.pin(request("user-agent", "t", "X-LLMRouter-Pin-Channel", "forged"), "ch-1", "abc");
    assertEquals("ch-1", RoutingHints.pinnedChannel(r));
    assertEquals("abc", RoutingHints.pinnedKey(r));
    assertEquals(3, r.headers().size());
    assertEquals("t", r.headers().get("user-agent"));
    ClientRequest noKey = RoutingHints.pin(request(), "ch-2", null);
    assertEquals("ch-2", RoutingHints.pinnedChannel(noKey));
    assertNull(RoutingHints.pinnedKey(noKey));
  }

  @Test
  void withoutHintsRemovesEveryReservedHeader() {
    ClientRequest plain = request("user-agent", "t");
    assertSame(plain, RoutingHints.withoutHints(plain));
    ClientRequest cleaned = RoutingHints.withoutHints(request("x-llmrouter-pin-key", "k", "x-llmrouter-anything", "v",
        "user-agent", "t"));
    assertEquals(1, cleaned.headers().size());
    assertNull(RoutingHints.pinnedKey(cleaned));
  }
}
