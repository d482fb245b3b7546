package dev.llmrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMappingTest {
  @Test
  void exactMatchWins() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("opus", "A");
    m.put("claude-opus-4", "B");
    assertEquals("B", ModelMapping.apply(m, "claude-opus-4"));
  }

  @Test
  void longestContainingSourceWins() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("opus", "short");
    m.put("claude-opus", "long");
    assertEquals("long", ModelMapping.apply(m, "claude-opus-4-1"));
    assertEquals("short", ModelMapping.apply(m, "x-opus"));
  }

  @Test
  void containedInSourceMatchesAsTheOriginal() {
    assertEquals("Y", ModelMapping.apply(Map.of("claude-3-5-sonnet-20241022", "Y"), "sonnet"));
  }

  @Test
  void equalLengthTiesFollowMappingOrder() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("aaaa", "first");
    m.put("bbbb", "second");
    assertEquals("first", ModelMapping.apply(m, "aaaa-bbbb"));
    Map<String, String> r = new LinkedHashMap<>();
    r.put("bbbb", "second");
    r.put("aaaa", "first");
    assertEquals("second", ModelMapping.apply(r, "aaaa-bbbb"));
  }

  @Test
  void emptyModelAndNoMatchAreUnchanged() {
    assertEquals("", ModelMapping.apply(Map.of("x", "y"), ""));
    assertEquals("gpt-4o", ModelMapping.apply(Map.of("claude", "y"), "gpt-4o"));
  }
}
