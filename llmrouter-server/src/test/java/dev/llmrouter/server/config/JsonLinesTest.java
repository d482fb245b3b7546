package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
  private static final byte[] JSON = ("{\n"
      + "  \"upstream\": [\n"
      + "    {\"name\": \"a \\\"quoted\\\" {name}\", \"baseUrl\": \"https://a\"},\n"
      + "    {\n"
      + "      \"name\": \"b\",\n"
      + "      \"modelMapping\": {\"opus\": \"x\",\n"
      + "        \"sonnet\": 4},\n"
      + "      \"baseUrls\": [\"https://b\",\n"
      + "        \"nope\"]\n"
      + "    }\n"
      + "  ],\n"
      + "  \"fuzzyModeEnabled\": \"yes\"\n"
      + "}\n").getBytes(StandardCharsets.UTF_8);

  @Test
  void findsTheLineOfMembersAndElements() {
    assertEquals(3, JsonLines.lineOf(JSON, "upstream[0].baseUrl"));
    assertEquals(5, JsonLines.lineOf(JSON, "upstream[1].name"));
    assertEquals(7, JsonLines.lineOf(JSON, "upstream[1].modelMapping.sonnet"));
    assertEquals(9, JsonLines.lineOf(JSON, "upstream[1].baseUrls[1]"));
    assertEquals(12, JsonLines.lineOf(JSON, "fuzzyModeEnabled"));
  }

  @Test
  void aMissingPartGivesTheDeepestLineFound() {
    assertEquals(4, JsonLines.lineOf(JSON, "upstream[1].weight"));
    assertEquals(0, JsonLines.lineOf(JSON, "geminiUpstream[0]"));
    assertEquals(0, JsonLines.lineOf("{".getBytes(StandardCharsets.UTF_8), "upstream[0]"));
  }
}
