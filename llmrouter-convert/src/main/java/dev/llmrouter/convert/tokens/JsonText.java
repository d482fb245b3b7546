package dev.llmrouter.convert.tokens;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonBoolean;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Counts a JSON value as its compact text would read (braces, quotes, names and values), without
 * writing it. Media parts are priced by {@link Media} instead, and members that the model never
 * reads (cache hints, thinking signatures) are left out. Mutable; not thread-safe.
 */
final class JsonText {
  /** Members that are request plumbing, not content. */
  static final Set<String> SKIPPED = Set.of("cache_control", "signature");

  private final TextCount text = new TextCount();
  private long media;

  void walk(JsonValue v) {
    if (v instanceof JsonObject o) {
      long m = Media.tokens(o);
      if (m >= 0) {
        media += m;
        return;
      }
      text.addOther(2);
      boolean first = true;
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        if (SKIPPED.contains(e.getKey())) continue;
        if (!first) text.addOther(1);
        first = false;
        text.addOther(3).add(e.getKey());
        walk(e.getValue());
      }
    } else if (v instanceof JsonArray a) {
      text.addOther(2 + Math.max(0, a.size() - 1));
      for (JsonValue item : a) walk(item);
    } else if (v instanceof JsonString s) {
      text.addOther(2).add(s.value());
    } else if (v instanceof JsonNumber n) {
      text.addOther(n.text().length());
    } else if (v instanceof JsonBoolean b) {
      text.addOther(b.value() ? 4 : 5);
    } else {
      text.addOther(4);
    }
  }

  /** The text's tokens plus the media's. */
  long tokens() {
    return text.tokens() + media;
  }
}
