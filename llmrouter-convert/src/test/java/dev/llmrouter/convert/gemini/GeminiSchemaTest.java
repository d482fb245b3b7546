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

  @Test
  void onlyTheFieldsOfGeminisSchemaObjectStay() {
    assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":9,"
            + "\"pattern\":\"^x\",\"default\":\"x\",\"title\":\"A\"}},\"required\":[\"a\"]}",
        clean("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":9,"
            + "\"pattern\":\"^x\",\"default\":\"x\",\"title\":\"A\",\"deprecated\":true,\"readOnly\":true,"
            + "\"contentMediaType\":\"text/plain\"}},\"required\":[\"a\",\"gone\"],\"unevaluatedProperties\":false,"
            + "\"propertyNames\":{\"pattern\":\"^a\"}}"));
  }

  @Test
  void localReferencesAreInlinedAndRecursionIsBounded() {
    assertEquals("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}},"
            + "\"description\":\"the point\"}}}",
        clean("{\"type\":\"object\",\"properties\":{\"p\":{\"$ref\":\"#/$defs/point\",\"description\":\"the point\"}},"
            + "\"$defs\":{\"point\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}}}"));
    String recursive = clean("{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#/definitions/node\"}},"
        + "\"definitions\":{\"node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/definitions/node\"}}}}}");
    assertEquals(false, recursive.contains("$ref"));
  }

  @Test
  void allOfMembersAreMerged() {
    assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},"
            + "\"required\":[\"a\",\"b\"]}",
        clean("{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]},"
            + "{\"properties\":{\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}]}"));
  }

  @Test
  void freeFormNestedObjectsAndNonStringEnumsLoseWhatGeminiRefuses() {
    // Gemini refuses an OBJECT schema with empty properties, and enums of anything but strings.
    assertEquals("{\"type\":\"object\",\"properties\":{\"env\":{\"description\":\"variables\"},"
            + "\"level\":{\"type\":\"integer\"},\"n\":{\"type\":\"number\",\"format\":\"double\",\"minimum\":0,\"maximum\":1}}}",
        clean("{\"type\":\"object\",\"properties\":{\"env\":{\"type\":\"object\",\"description\":\"variables\","
            + "\"additionalProperties\":{\"type\":\"string\"}},\"level\":{\"type\":\"integer\",\"enum\":[1,2]},"
            + "\"n\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1,\"format\":\"double\"}}}"));
  }
}
