package dev.llmrouter.scheduler;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The fields of an error body that classification reads. */
final class ErrorFields {
  private static final int MARKER_TEXT_LIMIT = 8 * 1024;

  final String codes;
  final String text;

  private ErrorFields(String codes, String text) {
    this.codes = codes;
    this.text = text;
  }

  static ErrorFields read(byte[] body) {
    if (body == null || body.length == 0) return new ErrorFields("", "");
    JsonValue root;
    try {
      root = Json.parse(body);
    } catch (MalformedJsonException | IllegalArgumentException e) {
      int n = Math.min(body.length, MARKER_TEXT_LIMIT);
      return new ErrorFields("", new String(body, 0, n, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }
    if (!(root instanceof JsonObject obj)) return new ErrorFields("", "");
    StringBuilder codes = new StringBuilder();
    StringBuilder text = new StringBuilder();
    JsonValue err = obj.get("error");
    if (err instanceof JsonObject e) {
      for (String name : List.of("code", "type", "status")) {
        String v = string(e.get(name));
        if (v != null) {
          codes.append('\n').append(v.toLowerCase(Locale.ROOT)).append('\n');
          text.append(' ').append(v);
        }
      }
      for (String name : List.of("message", "upstream_error", "detail")) {
        JsonValue v = e.get(name);
        if (string(v) != null) text.append(' ').append(string(v));
        if (v instanceof JsonObject nested && string(nested.get("message")) != null) {
          text.append(' ').append(string(nested.get("message")));
        }
      }
    } else if (string(err) != null) {
      text.append(' ').append(string(err));
    }
    for (String name : List.of("message", "detail", "code")) {
      String v = string(obj.get(name));
      if (v != null) text.append(' ').append(v);
    }
    return new ErrorFields(codes.toString(), text.toString().toLowerCase(Locale.ROOT));
  }

  private static String string(JsonValue v) {
    return v instanceof JsonString s ? s.value() : null;
  }

  boolean hasCode(Set<String> set) {
    for (String c : set) {
      if (codes.contains('\n' + c + '\n')) return true;
    }
    return false;
  }

  boolean has(List<String> markers) {
    for (String m : markers) {
      if (text.contains(m)) return true;
    }
    return false;
  }
}
