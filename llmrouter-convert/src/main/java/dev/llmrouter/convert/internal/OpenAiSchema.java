package dev.llmrouter.convert.internal;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Turns a tool's JSON schema into the {@code parameters} of an OpenAI function tool, for Chat
 * Completions ({@code tools[].function.parameters}) and Responses ({@code tools[].parameters}),
 * both sent non-strict. OpenAI reads them as JSON Schema
 * (https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools) but validates a
 * few rules of its own before calling the model; this class makes a schema satisfy them. It walks
 * the schema's structure, so property names are never taken for keywords. Stateless.
 *
 * <ul>
 *   <li>the root is an {@code object} schema with {@code properties} (a missing schema, or one
 *       without them, gets an empty {@code properties});
 *   <li>an {@code array} schema has {@code items} (OpenAI answers "array schema missing items"):
 *       an empty schema, which takes any item, is added where none is given;
 *   <li>the meta keywords {@link #DROPPED} ({@code $schema}, {@code $id}, {@code $comment},
 *       {@code $anchor}, {@code $dynamicAnchor}, {@code $dynamicRef}, {@code $vocabulary}) go: they
 *       tell nothing to the model and not every OpenAI-compatible server accepts them;
 *   <li>everything else (validation keywords, {@code $ref} with {@code $defs}, combinators) stays.
 * </ul>
 */
public final class OpenAiSchema {
  /** Core meta keywords that are left out. */
  public static final Set<String> DROPPED = Set.of("$schema", "$id", "$comment", "$anchor", "$dynamicAnchor",
      "$dynamicRef", "$vocabulary");
  /** Keywords whose value is one schema. */
  private static final Set<String> ONE_SCHEMA = Set.of("items", "additionalProperties", "not", "if", "then", "else",
      "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems");
  /** Keywords whose value is a list of schemas. */
  private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
  /** Keywords whose value maps names to schemas. */
  private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
      "dependentSchemas");

  private OpenAiSchema() {}

  /**
   * The function parameters for a tool's schema.
   *
   * @param schema the tool's schema, or null for a tool without parameters
   * @return a new schema; the input is not modified
   */
  public static JsonObject functionParameters(JsonValue schema) {
    JsonObject out = schema instanceof JsonObject o ? clean(o) : new JsonObject();
    if (!out.has("type") && !out.has("anyOf") && !out.has("oneOf") && !out.has("$ref")) out.put("type", "object");
    if ("object".equals(out.getString("type")) && !(out.get("properties") instanceof JsonObject)) {
      out.put("properties", new JsonObject());
    }
    return out;
  }

  private static JsonObject clean(JsonObject o) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String key = e.getKey();
      JsonValue value = e.getValue();
      if (DROPPED.contains(key)) continue;
      if (SCHEMA_MAPS.contains(key) && value instanceof JsonObject map) {
        JsonObject cleaned = new JsonObject();
        map.members().forEach((name, sub) -> cleaned.put(name, sub instanceof JsonObject so ? clean(so) : sub.copy()));
        out.put(key, cleaned);
      } else if (SCHEMA_LISTS.contains(key) && value instanceof JsonArray a) {
        JsonArray cleaned = new JsonArray();
        for (JsonValue sub : a) cleaned.add(sub instanceof JsonObject so ? clean(so) : sub.copy());
        out.put(key, cleaned);
      } else if (ONE_SCHEMA.contains(key) && value instanceof JsonObject so) {
        out.put(key, clean(so));
      } else {
        out.put(key, value.copy());
      }
    }
    if (isArray(out) && !out.has("items") && !out.has("prefixItems")) out.put("items", new JsonObject());
    return out;
  }

  private static boolean isArray(JsonObject o) {
    JsonValue type = o.get("type");
    if (type instanceof JsonArray types) {
      for (JsonValue t : types) if ("array".equals(t.asString())) return true;
      return false;
    }
    return type != null && "array".equals(type.asString());
  }
}
