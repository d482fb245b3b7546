package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON schema into the OpenAPI subset Gemini's {@code parameters} accepts. It walks the
 * schema's structure: keywords Gemini rejects are removed only where a schema keyword stands, and
 * the names under {@code properties} are property names, never keywords, so a property called
 * {@code title} or {@code additionalProperties} survives. Stateless.
 *
 * <ul>
 *   <li>removed: {@code $schema}, {@code $id}, {@code $ref}, {@code $defs}, {@code $comment},
 *       {@code definitions}, {@code additionalProperties}, {@code patternProperties},
 *       {@code unevaluatedProperties}, {@code dependentRequired}, {@code dependentSchemas},
 *       {@code examples}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code if},
 *       {@code then}, {@code else}, {@code not}, {@code contains}, {@code const} (a string
 *       const is kept as {@code enum: [value]});
 *   <li>{@code oneOf} becomes {@code anyOf}; a {@code type} array with {@code "null"} becomes the
 *       other type plus {@code nullable: true};
 *   <li>{@code format} on strings survives only for {@code enum} and {@code date-time}.
 * </ul>
 */
final class GeminiSchema {
  private static final Set<String> REJECTED = Set.of("$schema", "$id", "$ref", "$defs", "$comment",
      "definitions", "additionalProperties", "patternProperties", "unevaluatedProperties",
      "dependentRequired", "dependentSchemas", "examples", "exclusiveMinimum", "exclusiveMaximum",
      "if", "then", "else", "not", "contains", "const");
  private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");

  private GeminiSchema() {}

  /** A cleaned copy; the input is not modified. */
  static JsonValue clean(JsonValue schema) {
    if (!(schema instanceof JsonObject o)) return schema == null ? null : schema.copy();
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String key = e.getKey();
      JsonValue value = e.getValue();
      if (REJECTED.contains(key)) continue;
      if (key.equals("properties") && value instanceof JsonObject props) {
        JsonObject cleaned = new JsonObject();
        // Property names are data, not keywords: every one is kept, its schema cleaned.
        props.members().forEach((name, sub) -> cleaned.put(name, clean(sub)));
        out.put(key, cleaned);
      } else if (key.equals("items")) {
        out.put(key, value instanceof JsonArray a && a.size() > 0 ? clean(a.get(0)) : clean(value));
      } else if (SCHEMA_LISTS.contains(key) && value instanceof JsonArray a) {
        JsonArray cleaned = new JsonArray();
        for (JsonValue sub : a) cleaned.add(clean(sub));
        out.put(key.equals("oneOf") ? "anyOf" : key, cleaned);
      } else if (key.equals("type") && value instanceof JsonArray types) {
        String single = null;
        boolean nullable = false;
        for (JsonValue t : types) {
          if ("null".equals(t.asString())) nullable = true;
          else if (single == null) single = t.asString();
        }
        if (single != null) out.put("type", single);
        if (nullable) out.put("nullable", true);
      } else {
        out.put(key, value.copy());
      }
    }
    // Gemini enums hold strings only: a string const becomes a one-value enum, other consts go.
    if (o.get("const") instanceof JsonString c && !o.has("enum")) out.put("enum", JsonArray.of(c));
    if ("string".equals(out.getString("type")) && out.has("format")) {
      String format = out.getString("format");
      if (!"enum".equals(format) && !"date-time".equals(format)) out.remove("format");
    }
    return out;
  }
}
