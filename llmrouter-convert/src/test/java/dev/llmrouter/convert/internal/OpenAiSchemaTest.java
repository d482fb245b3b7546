package dev.llmrouter.convert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonValue;
import org.junit.jupiter.api.Test;

class OpenAiSchemaTest {
  private static String params(String schema) {
    return OpenAiSchema.functionParameters(schema == null ? null : Json.parse(schema)).toJson();
  }

  @Test
  void aToolWithoutParametersGetsAnEmptyObjectSchema() {
    assertEquals("{\"type\":\"object\",\"properties\":{}}", params(null));
    assertEquals("{\"type\":\"object\",\"properties\":{}}", params("{}"));
    assertEquals("{\"type\":\"object\",\"properties\":{}}", params("{\"type\":\"object\"}"));
  }

  @Test
  void metaKeywordsGoAtEveryDepthButPropertiesOfThatNameStay() {
    assertEquals("{\"type\":\"object\",\"properties\":{\"$schema\":{\"type\":\"string\"},"
            + "\"x\":{\"type\":\"object\",\"properties\":{}}},\"additionalProperties\":false}",
        params("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"t\",\"type\":\"object\","
            + "\"properties\":{\"$schema\":{\"type\":\"string\",\"$comment\":\"c\"},"
            + "\"x\":{\"type\":\"object\",\"properties\":{},\"$comment\":\"c\"}},\"additionalProperties\":false}"));
  }

  @Test
  void everyArrayGetsItems() {
    // OpenAI answers "array schema missing items" otherwise, also in non-strict mode.
    assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{}},"
            + "\"b\":{\"type\":[\"array\",\"null\"],\"items\":{}},"
            + "\"c\":{\"anyOf\":[{\"type\":\"array\",\"items\":{}},{\"type\":\"string\"}]},"
            + "\"d\":{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{}}}},"
            + "\"$defs\":{\"list\":{\"type\":\"array\",\"items\":{}}}}",
        params("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\"},\"b\":{\"type\":[\"array\",\"null\"]},"
            + "\"c\":{\"anyOf\":[{\"type\":\"array\"},{\"type\":\"string\"}]},\"d\":{\"type\":\"array\",\"items\":{\"type\":\"array\"}}},"
            + "\"$defs\":{\"list\":{\"type\":\"array\"}}}"));
  }

  @Test
  void validationKeywordsAndReferencesStay() {
    String schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"maximum\":9},"
        + "\"s\":{\"type\":\"string\",\"pattern\":\"^a\",\"maxLength\":4,\"default\":\"a\"},\"r\":{\"$ref\":\"#/$defs/r\"}},"
        + "\"required\":[\"n\"],\"$defs\":{\"r\":{\"type\":\"string\",\"enum\":[\"x\"]}}}";
    assertEquals(schema, params(schema));
  }

  @Test
  void inputIsNotModified() {
    JsonValue schema = Json.parse("{\"$schema\":\"x\",\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\"}}}");
    String before = schema.toJson();
    OpenAiSchema.functionParameters(schema);
    assertEquals(before, schema.toJson());
  }
}
