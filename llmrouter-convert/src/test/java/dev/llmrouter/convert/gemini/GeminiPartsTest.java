package dev.llmrouter.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.model.ContentPart;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiPartsTest {
  private static String result(String text, boolean error) {
    return GeminiParts.resultObject(new ContentPart.ToolResult("id", "f", List.of(ContentPart.Text.of(text)), error)).toJson();
  }

  @Test
  void onlyTextsThatAreJsonObjectsAreSentAsObjects() {
    assertEquals("{\"a\":1}", result(" \n\t\r{\"a\":1}", false));
    assertEquals("{\"output\":\"[1]\"}", result("[1]", false));
    assertEquals("{\"output\":\"{bad\"}", result("{bad", false));
    assertEquals("{\"output\":\"\"}", result("", false));
    assertEquals("{\"output\":\"\\ufeff{}\"}", result("\ufeff{}", false).replace("\ufeff", "\\ufeff"));
    assertEquals("{\"error\":\"{\\\"a\\\":1}\"}", result("{\"a\":1}", true));
    assertEquals("{\"output\":\"     1\u2192package dev.app;\\n\"}", result("     1\u2192package dev.app;\n", false));
  }

  @Test
  void startsLikeObjectSkipsJsonWhitespaceOnly() {
    assertTrue(GeminiParts.startsLikeObject("{"));
    assertTrue(GeminiParts.startsLikeObject(" \t\r\n{}"));
    assertFalse(GeminiParts.startsLikeObject("\u00a0{}"));
    assertFalse(GeminiParts.startsLikeObject("   "));
    assertFalse(GeminiParts.startsLikeObject("x{"));
  }
}
