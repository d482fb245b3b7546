package dev.llmrouter.api.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoutingFieldsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void scansTopLevelFieldsOnly() {
    RoutingFields f = RoutingFields.scan(b("{\"messages\":[{\"model\":\"nested\",\"stream\":false}],"
        + "\"model\":\"claude-sonnet-4\",\"stream\":true,\"metadata\":{\"user_id\":\"u-1\",\"x\":[1,2]},"
        + "\"prompt_cache_key\":\"pck\",\"previous_response_id\":\"resp_9\",\"store\":false}"));
    assertEquals("claude-sonnet-4", f.model());
    assertTrue(f.isStream());
    assertEquals("u-1", f.userId());
    assertEquals("pck", f.promptCacheKey());
    assertEquals("resp_9", f.previousResponseId());
    assertEquals(Boolean.FALSE, f.store());
  }

  @Test
  void absentAndMistypedFieldsAreNull() {
    RoutingFields f = RoutingFields.scan(b(" { \"model\" : 5 , \"stream\" : \"yes\" } "));
    assertNull(f.model());
    assertNull(f.stream());
    assertFalse(f.isStream());
  }

  @Test
  void decodesEscapedStringsAndKeys() {
    RoutingFields f = RoutingFields.scan(b("{\"mod\\u0065l\":\"a\\\"b\\u00e9\"}"));
    assertEquals("a\"b\u00e9", f.model());
  }

  @Test
  void rejectsMalformedJsonWithPosition() {
    MalformedJsonException e = assertThrows(MalformedJsonException.class,
        () -> RoutingFields.scan(b("{\"model\":\"x\",\n\"stream\": tru}")));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertThrows(MalformedJsonException.class, () -> RoutingFields.scan(b("[1,2]")));
    assertThrows(MalformedJsonException.class, () -> RoutingFields.scan(b("")));
    assertThrows(MalformedJsonException.class, () -> RoutingFields.scan(b("{\"a\":1} x")));
    assertThrows(MalformedJsonException.class, () -> RoutingFields.scan(b("{\"a\":01}")));
    assertThrows(MalformedJsonException.class, () -> RoutingFields.scan(b("{\"a\":\"\u0001\"}")));
  }

  @Test
  void withModelRewritesOnlyTheModelBytes() {
    String body = "{ \"z\":1.50e3, \"model\" : \"claude-3\",\"big\":12345678901234567890,\"u\":\"\\u00e9\"}";
    RoutingFields f = RoutingFields.scan(b(body));
    byte[] out = f.withModel(b(body), "mapped-\"x\"");
    assertEquals("{ \"z\":1.50e3, \"model\" : \"mapped-\\\"x\\\"\",\"big\":12345678901234567890,\"u\":\"\\u00e9\"}",
        new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void withModelKeepsTheSameArrayWhenUnchanged() {
    byte[] body = b("{\"model\":\"m\"}");
    RoutingFields f = RoutingFields.scan(body);
    assertSame(body, f.withModel(body, "m"));
    byte[] noModel = b("{\"x\":1}");
    assertArrayEquals(noModel, RoutingFields.scan(noModel).withModel(noModel, "m"));
  }
}
