package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a schema in Gemini's OpenAPI form ({@code parameters} of a function declaration,
 * {@code generationConfig.responseSchema}) as the JSON Schema other vendors take: the type names
 * upper-case there ({@code OBJECT}, {@code STRING}) become lower-case, {@code nullable: true} adds
 * {@code "null"} to the type, and {@code propertyOrdering} (no counterpart) is left out; every other
 * field is a JSON Schema keyword of the same meaning and is kept. It walks the schema's structure, so
 * a property named {@code type} or {@code nullable} under {@code properties} is a name, not a
 * keyword. The opposite of {@link GeminiSchema}. Stateless.
 */
final class GeminiJsonSchema {
  private GeminiJsonSchema() {}

  /** A converted copy; the input is not modified. Anything but an object is copied as it is. */
  static JsonValue of(JsonValue schema) {
    if (!(schema instanceof JsonObject o)) return schema == null ? null : schema.copy();
    boolean nullable = o.getBoolean("nullable", false);
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String key = e.getKey();
      JsonValue v = e.getValue();
      switch (key) {
        case "nullable":
        case "propertyOrdering":
          break;
        case "type": {
          String t = v.asString();
          if (t == null) {
            out.put(key, v.copy());
          } else if (!t.equalsIgnoreCase("TYPE_UNSPECIFIED")) {
            String lower = t.toLowerCase(Locale.ROOT);
            out.put(key, nullable ? JsonArray.of(JsonString.of(lower), JsonString.of("null")) : JsonString.of(lower));
          }
          break;
        }
        case "properties": {
          JsonObject props = new JsonObject();
          if (v instanceof JsonObject p) p.members().forEach((name, s) -> props.put(name, of(s)));
          out.put(key, props);
          break;
        }
        case "items":
          out.put(key, of(v));
          break;
        case "anyOf": {
          JsonArray members = new JsonArray();
          if (v instanceof JsonArray a) for (JsonValue s : a) members.add(of(s));
          out.put(key, members);
          break;
        }
        default:
          out.put(key, v.copy());
      }
    }
    return out;
  }
}
