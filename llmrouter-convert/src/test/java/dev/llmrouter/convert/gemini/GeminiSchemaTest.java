package dev.llmrouter.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonValue;
import org.junit.jupiter.api.Test;

class GeminiSchemaTest {
  private static String clean(String schema) {
    return GeminiSchema.clean(Json.parse(schema)).toJson();
  }

  @Test
  void propertiesNamedLikeKeywordsSurviveWhileKeywordsGo() {
    assertEquals("{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},\"$schema\":{\"type\":\"string\"},"
            + "\"const\":{\"type\":\"string\"},\"examples\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"additionalProperties\":{\"type\":\"boolean\"}},\"required\":[\"title\",\"const\"]}",
        clean("{\"$schema\":\"x\",\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},\"$schema\":{\"type\":\"string\"},"
            + "\"const\":{\"type\":\"string\",\"examples\":[\"a\"]},\"examples\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"additionalProperties\":false}},"
            + "\"additionalProperties\":{\"type\":\"boolean\"}},\"required\":[\"title\",\"const\"],\"additionalProperties\":false}"));
  }

  @Test
  void keywordsAreCleanedAtEveryDepthAndInCombinators() {
    assertEquals("{\"anyOf\":[{\"type\":\"string\",\"enum\":[\"codebase_investigator\"]},{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":0}}}]}",
        clean("{\"oneOf\":[{\"type\":\"string\",\"const\":\"codebase_investigator\"},{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"exclusiveMinimum\":0}},\"additionalProperties\":{\"type\":\"string\"}}]}"));
  }

  @Test
  void nullableTypeArraysAndStringFormatsBecomeGeminiForms() {
    assertEquals("{\"type\":\"string\",\"nullable\":true}", clean("{\"type\":[\"string\",\"null\"],\"format\":\"uri\"}"));
    assertEquals("{\"type\":\"string\",\"format\":\"date-time\"}", clean("{\"type\":\"string\",\"format\":\"date-time\"}"));
    assertEquals("{\"type\":\"integer\",\"format\":\"int64\"}", clean("{\"type\":\"integer\",\"format\":\"int64\"}"));
  }

  @Test
  void inputIsNotModified() {
    JsonValue schema = Json.parse("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"x\":{\"type\":\"string\"}}}");
    String before = schema.toJson();
    GeminiSchema.clean(schema);
    assertEquals(before, schema.toJson());
  }
}
