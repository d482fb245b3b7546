package dev.llmrouter.convert;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import java.util.ArrayList;
import java.util.List;

/** Reads converted outputs back for assertions. */
final class Frames {
  private Frames() {}

  /** The data objects of a stream, skipping {@code [DONE]}. */
  static List<JsonObject> data(byte[] stream) {
    List<JsonObject> out = new ArrayList<>();
    for (SseEvent e : SseParser.parse(stream)) {
      if (e.data() != null && !e.data().equals("[DONE]")) out.add(Json.parseObject(e.data()));
    }
    return out;
  }

  /** The data objects whose {@code type} is the given one. */
  static List<JsonObject> ofType(byte[] stream, String type) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject o : data(stream)) if (type.equals(o.getString("type"))) out.add(o);
    return out;
  }

  static List<String> types(byte[] stream) {
    List<String> out = new ArrayList<>();
    for (JsonObject o : data(stream)) out.add(o.getString("type"));
    return out;
  }

  static JsonObject json(byte[] body) {
    return Json.parseObject(body);
  }

  /** Follows a dotted path of member names and array indexes, e.g. {@code choices.0.message}. */
  static JsonValue at(JsonValue root, String path) {
    JsonValue v = root;
    for (String step : path.split("\\.")) {
      if (v == null) return null;
      if (v.asArray() != null) {
        int i = Integer.parseInt(step);
        v = i < v.asArray().size() ? v.asArray().get(i) : null;
      } else if (v.asObject() != null) {
        v = v.asObject().get(step);
      } else {
        return null;
      }
    }
    return v;
  }

  static String str(JsonValue root, String path) {
    JsonValue v = at(root, path);
    return v == null ? null : v.asString() != null ? v.asString() : v.toJson();
  }
}
