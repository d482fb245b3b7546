package dev.llmrouter.server.admin;

import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonBoolean;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code GET /api/settings} (admin key): the settings in force, read-only, as
 * {@code {"settings": {...}}} with one member per setting (nested for grouped ones; durations in
 * milliseconds with a {@code Ms} suffix, sizes as numbers, paths as strings). Secrets never appear:
 * a setting whose name mentions a key, secret, password or token value is shown masked
 * ({@code llmr-ab…xy}, or {@code ""} when unset), and the user part of any URL is replaced by
 * {@code ***}. Stateless.
 */
public final class SettingsRoutes implements RouteSet {
  /** Names of secret settings: {@code accessKey}, {@code adminAccessKey}, {@code redisPassword}, ... */
  private static final Pattern SECRET = Pattern.compile(".*(key|secret|password|credential|token)$");
  private static final Pattern URL_USER = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");

  private final JsonObject view;

  public SettingsRoutes(Settings settings) {
    this.view = JsonObject.of("settings", (JsonObject) render(settings));
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (!path.equals("/api/settings")) return false;
    if (!ctx.requireAdmin(exchange)) return true;
    if (!method.equals("GET")) {
      ServerContext.methodNotAllowed(exchange, Protocol.OPENAI_CHAT, "GET");
      return true;
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    Exchanges.sendJson(exchange, 200, Json.write(view));
    return true;
  }

  /** The JSON view of the settings (for tests). */
  JsonObject view() {
    return view.copy();
  }

  private static JsonValue render(Object value) {
    if (value == null) return JsonNull.INSTANCE;
    if (value instanceof Record r) {
      JsonObject o = new JsonObject();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v = get(c, r);
        String name = c.getName();
        if (v instanceof Duration d) {
          o.put(name + "Ms", d.toMillis());
        } else if (v instanceof CharSequence s && SECRET.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
          o.put(name, s.length() == 0 ? "" : Keys.mask(s.toString()));
        } else {
          o.put(name, render(v));
        }
      }
      return o;
    }
    if (value instanceof Boolean b) return JsonBoolean.of(b);
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return JsonNumber.of(((Number) value).longValue());
    }
    if (value instanceof Number n) return JsonNumber.of(n.doubleValue());
    if (value instanceof Duration d) return JsonNumber.of(d.toMillis());
    if (value instanceof Collection<?> list) {
      JsonArray a = new JsonArray();
      for (Object e : list) a.add(render(e));
      return a;
    }
    if (value instanceof Enum<?> e) return new JsonString(e.name().toLowerCase(Locale.ROOT));
    return new JsonString(URL_USER.matcher(value.toString()).replaceFirst("$1***@"));
  }

  private static Object get(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read setting " + c.getName(), e);
    }
  }
}
