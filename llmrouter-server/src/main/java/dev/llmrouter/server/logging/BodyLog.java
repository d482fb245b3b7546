package dev.llmrouter.server.logging;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Makes request and answer bodies fit for a log: members that hold secrets ({@code api_key},
 * {@code authorization}, {@code x-api-key}, tokens, passwords) are replaced, base64 media and
 * strings longer than {@value #MAX_STRING} characters are cut, bearer tokens, {@code ?key=} values
 * and {@code sk-} keys in any text are removed, every secret the server knows (access keys, channel
 * keys) is removed wherever it appears, and an entry is at most {@value #MAX_ENTRY} characters.
 * Thread-safe.
 */
public final class BodyLog {
  /** The most characters of one logged entry. */
  public static final int MAX_ENTRY = 16 * 1024;
  /** Longer strings are cut to this many characters. */
  static final int MAX_STRING = 500;
  static final String REDACTED = "[redacted]";

  private static final Set<String> SECRET_NAMES = Set.of("api_key", "apikey", "api-key", "x-api-key", "key",
      "x-goog-api-key", "authorization", "access_token", "accesstoken", "refresh_token", "id_token", "token",
      "secret", "client_secret", "password");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+");
  private static final Pattern QUERY_KEY = Pattern.compile("(?i)([?&](?:key|api_key|access_token)=)[^&\\s\"']+");
  private static final Pattern SK_KEY = Pattern.compile("\\b(sk-[A-Za-z0-9_-]{2})[A-Za-z0-9_-]{12,}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=_-]{256,}");

  private final Supplier<? extends Collection<String>> secrets;

  /** @param secrets the keys the server knows (read at each entry, so that new channel keys count) */
  public BodyLog(Supplier<? extends Collection<String>> secrets) {
    this.secrets = secrets;
  }

  /** A JSON body (or any text) made fit for a log. */
  public String body(byte[] body) {
    if (body == null || body.length == 0) return "";
    String text;
    try {
      text = Json.writeString(clean(Json.parse(body)));
    } catch (RuntimeException e) {
      text = new String(body, 0, Math.min(body.length, MAX_ENTRY * 4), StandardCharsets.UTF_8);
    }
    return finish(text);
  }

  /** Streamed events (SSE text or JSON lines) made fit for a log, each {@code data:} payload cleaned. */
  public String events(String raw) {
    StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_ENTRY + 64));
    for (String line : raw.split("\n", -1)) {
      if (sb.length() > MAX_ENTRY) break;
      String trimmed = line.strip();
      if (trimmed.startsWith("data:")) {
        String payload = trimmed.substring(5).strip();
        try {
          sb.append("data: ").append(Json.writeString(clean(Json.parse(payload))));
        } catch (RuntimeException e) {
          sb.append(trimmed);
        }
      } else {
        sb.append(trimmed);
      }
      sb.append('\n');
    }
    return finish(sb.toString().strip());
  }

  private String finish(String text) {
    String s = BEARER.matcher(text).replaceAll("$1" + REDACTED);
    s = QUERY_KEY.matcher(s).replaceAll("$1" + REDACTED);
    s = SK_KEY.matcher(s).replaceAll("$1…" + REDACTED);
    Collection<String> known = secrets == null ? List.of() : secrets.get();
    for (String secret : known) {
      if (secret != null && secret.length() >= 8 && s.contains(secret)) s = s.replace(secret, REDACTED);
    }
    if (s.length() > MAX_ENTRY) s = s.substring(0, MAX_ENTRY) + "…[" + s.length() + " chars in all]";
    return s;
  }

  private static JsonValue clean(JsonValue v) {
    if (v instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonValue> m : o.members().entrySet()) {
        String name = m.getKey();
        if (SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT)) && m.getValue() instanceof JsonString) {
          out.put(name, REDACTED);
        } else {
          out.put(name, clean(m.getValue()));
        }
      }
      return out;
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      for (JsonValue item : a.items()) out.add(clean(item));
      return out;
    }
    if (v instanceof JsonString s) return new JsonString(cut(s.value()));
    return v;
  }

  /** Base64 media become a note of their size; long strings are cut. */
  static String cut(String s) {
    if (s.startsWith("data:") && s.contains(";base64,")) return "[base64 media, " + s.length() + " chars]";
    if (s.length() >= 256 && BASE64.matcher(s).matches()) return "[base64, " + s.length() + " chars]";
    if (s.length() > MAX_STRING) return s.substring(0, MAX_STRING) + "…[" + s.length() + " chars]";
    return s;
  }
}
