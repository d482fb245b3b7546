package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON schema into the OpenAPI subset that Gemini's function-declaration {@code parameters}
 * accepts: the fields of Gemini's {@code Schema} object
 * (https://ai.google.dev/api/caching#Schema), and nothing else. It walks the schema's structure:
 * keywords are kept or dropped only where a schema keyword stands, and the names under
 * {@code properties} are property names, never keywords, so a property called {@code title} or
 * {@code additionalProperties} survives. Stateless.
 *
 * <ul>
 *   <li>kept: {@link #ALLOWED} ({@code type}, {@code format}, {@code title}, {@code description},
 *       {@code nullable}, {@code enum}, {@code maxItems}, {@code minItems}, {@code properties},
 *       {@code required}, {@code minProperties}, {@code maxProperties}, {@code minLength},
 *       {@code maxLength}, {@code pattern}, {@code example}, {@code anyOf},
 *       {@code propertyOrdering}, {@code default}, {@code items}, {@code minimum},
 *       {@code maximum}); every other keyword ({@code $schema}, {@code additionalProperties},
 *       {@code not}, {@code if}, {@code examples}, ...) is dropped;
 *   <li>a local {@code $ref} ({@code #/$defs/X}, {@code #/definitions/X}) is replaced by the schema
 *       it names (a recursive one, past {@value #MAX_REF_DEPTH} levels, by an untyped schema);
 *   <li>{@code oneOf} becomes {@code anyOf}; the members of {@code allOf} are merged into the schema;
 *       a {@code type} array with {@code "null"} becomes the other type plus {@code nullable: true};
 *   <li>a string {@code const} becomes {@code enum: [value]}; an {@code enum} holding anything but
 *       strings is dropped (Gemini enums are strings); a numeric {@code exclusiveMinimum} or
 *       {@code exclusiveMaximum} becomes {@code minimum} / {@code maximum} when that is absent;
 *   <li>{@code format} survives on strings only for {@code enum} and {@code date-time}, on numbers
 *       for {@code float} and {@code double}, on integers for {@code int32} and {@code int64};
 *   <li>{@code required} keeps only names that {@code properties} declares;
 *   <li>a nested {@code object} without properties (a free-form map) loses its {@code type}:
 *       Gemini refuses an OBJECT schema with empty properties, and an untyped schema takes any value.
 * </ul>
 */
final class GeminiSchema {
  /** The fields of Gemini's Schema object (https://ai.google.dev/api/caching#Schema). */
  static final Set<String> ALLOWED = Set.of("type", "format", "title", "description", "nullable", "enum",
      "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
      "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
  static final int MAX_REF_DEPTH = 8;

  private GeminiSchema() {}

  /** A cleaned copy; the input is not modified. */
  static JsonValue clean(JsonValue schema) {
    if (!(schema instanceof JsonObject o)) return schema == null ? null : schema.copy();
    return clean(o, o, 0, true);
  }

  private static JsonObject clean(JsonObject o, JsonObject root, int depth, boolean top) {
    o = resolve(o, root, depth);
    if (o == null) return new JsonObject();
    o = mergeAllOf(o);
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String key = e.getKey();
      JsonValue value = e.getValue();
      if (key.equals("oneOf")) key = "anyOf";
      if (!ALLOWED.contains(key)) continue;
      switch (key) {
        case "properties":
          if (value instanceof JsonObject props) {
            JsonObject cleaned = new JsonObject();
            // Property names are data, not keywords: every one is kept, its schema cleaned.
            props.members().forEach((name, sub) -> cleaned.put(name, sub instanceof JsonObject so
                ? clean(so, root, depth + 1, false) : new JsonObject()));
            out.put(key, cleaned);
          }
          break;
        case "items":
          JsonValue item = value instanceof JsonArray a ? (a.size() > 0 ? a.get(0) : null) : value;
          if (item instanceof JsonObject io) out.put(key, clean(io, root, depth + 1, false));
          break;
        case "anyOf":
          if (value instanceof JsonArray a) {
            JsonArray cleaned = new JsonArray();
            for (JsonValue sub : a) if (sub instanceof JsonObject so) cleaned.add(clean(so, root, depth + 1, false));
            if (!out.has("anyOf")) out.put(key, cleaned);
          }
          break;
        case "type":
          if (value instanceof JsonArray types) {
            String single = null;
            boolean nullable = false;
            for (JsonValue t : types) {
              if ("null".equals(t.asString())) nullable = true;
              else if (single == null) single = t.asString();
            }
            if (single != null) out.put("type", single);
            if (nullable) out.put("nullable", true);
          } else if (!"null".equals(value.asString())) {
            out.put(key, value.copy());
          } else {
            out.put("nullable", true);
          }
          break;
        case "enum":
          if (value instanceof JsonArray a && allStrings(a)) out.put(key, a.copy());
          break;
        case "required":
          if (value instanceof JsonArray a) out.put(key, a.copy());
          break;
        default:
          out.put(key, value.copy());
          break;
      }
    }
    // Gemini enums hold strings only: a string const becomes a one-value enum, other consts go.
    if (o.get("const") instanceof JsonString c && !out.has("enum")) out.put("enum", JsonArray.of(c));
    if (o.get("exclusiveMinimum") instanceof JsonNumber n && !out.has("minimum")) out.put("minimum", n);
    if (o.get("exclusiveMaximum") instanceof JsonNumber n && !out.has("maximum")) out.put("maximum", n);
    keepFormat(out);
    keepDeclaredRequired(out);
    if (!top && "object".equals(out.getString("type"))
        && (out.getObject("properties") == null || out.getObject("properties").isEmpty())) {
      out.remove("type");
      out.remove("properties");
      out.remove("required");
    }
    return out;
  }

  /** The schema a local {@code $ref} names (siblings of the ref win), or the schema itself. */
  private static JsonObject resolve(JsonObject o, JsonObject root, int depth) {
    String ref = o.getString("$ref");
    if (ref == null) return o;
    if (depth > MAX_REF_DEPTH) return null;
    JsonObject target = null;
    for (String prefix : new String[] {"#/$defs/", "#/definitions/"}) {
      if (ref.startsWith(prefix)) {
        JsonObject defs = root.getObject(prefix.substring(2, prefix.length() - 1));
        target = defs == null ? null : defs.getObject(ref.substring(prefix.length()));
      }
    }
    if (target == null) {
      JsonObject rest = o.copy();
      rest.remove("$ref");
      return rest;
    }
    JsonObject merged = resolve(target, root, depth + 1);
    if (merged == null) return null;
    merged = merged.copy();
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      if (!e.getKey().equals("$ref")) merged.put(e.getKey(), e.getValue().copy());
    }
    return merged;
  }

  /** Merges the object members of {@code allOf} into the schema: properties and required are joined, other keywords first wins. */
  private static JsonObject mergeAllOf(JsonObject o) {
    JsonArray all = o.getArray("allOf");
    if (all == null) return o;
    JsonObject merged = o.copy();
    merged.remove("allOf");
    for (JsonValue sub : all) {
      if (!(sub instanceof JsonObject so)) continue;
      for (Map.Entry<String, JsonValue> e : so.members().entrySet()) {
        String key = e.getKey();
        JsonValue value = e.getValue();
        if (key.equals("properties") && value instanceof JsonObject props) {
          JsonObject joined = merged.getObject("properties") == null ? new JsonObject() : merged.getObject("properties").copy();
          props.members().forEach((name, s) -> {
            if (!joined.has(name)) joined.put(name, s.copy());
          });
          merged.put("properties", joined);
        } else if (key.equals("required") && value instanceof JsonArray req) {
          JsonArray joined = merged.getArray("required") == null ? new JsonArray() : merged.getArray("required").copy();
          for (JsonValue r : req) if (!joined.items().contains(r)) joined.add(r.copy());
          merged.put("required", joined);
        } else if (!merged.has(key)) {
          merged.put(key, value.copy());
        }
      }
    }
    return merged;
  }

  private static boolean allStrings(JsonArray a) {
    for (JsonValue v : a) if (!(v instanceof JsonString)) return false;
    return a.size() > 0;
  }

  private static void keepFormat(JsonObject out) {
    String format = out.getString("format");
    if (format == null) {
      out.remove("format");
      return;
    }
    String type = out.getString("type");
    boolean ok = "string".equals(type) ? format.equals("enum") || format.equals("date-time")
        : "number".equals(type) ? format.equals("float") || format.equals("double")
        : "integer".equals(type) && (format.equals("int32") || format.equals("int64"));
    if (!ok) out.remove("format");
  }

  private static void keepDeclaredRequired(JsonObject out) {
    JsonArray required = out.getArray("required");
    if (required == null) return;
    JsonObject props = out.getObject("properties");
    JsonArray kept = new JsonArray();
    for (JsonValue r : required) {
      if (r instanceof JsonString s && props != null && props.has(s.asString())) kept.add(r);
    }
    if (kept.isEmpty()) out.remove("required");
    else out.put("required", kept);
  }
}
