package dev.llmrouter.server.admin;

import dev.llmrouter.api.ApiKind;
import io.undertow.server.HttpServerExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches admin request paths to actions. Paths that belong to other route sets (metrics, dashboards)
 * do not match, so those sets still see them. Stateless.
 */
final class AdminPaths {
  private AdminPaths() {}

  /** What an admin request asks for; {@code needsBody} when it carries a JSON object. */
  enum Action {
    LIST(false), CREATE(true), UPDATE(true), DELETE(false), ADD_KEY(true), REMOVE_KEY(false), KEY_TOP(false),
    KEY_BOTTOM(false), REORDER(true), STATUS(true), PROMOTION(true), RESUME(false), PING(false), PING_ALL(false),
    FUZZY_GET(false), FUZZY_PUT(true);

    final boolean needsBody;

    Action(boolean needsBody) {
      this.needsBody = needsBody;
    }
  }

  /**
   * A matched route. {@code logPath} is the path with any key replaced by {@code {key}} and control
   * characters by {@code ?}, safe to log.
   */
  record Route(Action action, ApiKind kind, String id, String key, String logPath) {
    @Override
    public String toString() {
      return action + " " + logPath;
    }
  }

  /** Either a route, or the methods allowed on a known admin path requested with another method. */
  record Match(Route route, String allowed, String logPath) {}

  /** Matches a request, or returns null when the path is not one of the admin routes. */
  static Match match(String method, List<String> seg) {
    int n = seg.size();
    if (n < 3 || !seg.get(0).equals("api")) return null;
    String logPath = logPath(seg);
    if (n == 3 && seg.get(1).equals("settings") && seg.get(2).equals("fuzzy-mode")) {
      if (method.equals("GET")) return route(Action.FUZZY_GET, null, null, null, logPath);
      if (method.equals("PUT")) return route(Action.FUZZY_PUT, null, null, null, logPath);
      return new Match(null, "GET, PUT", logPath);
    }
    ApiKind kind = ApiKind.ofPathName(seg.get(1));
    if (kind == null) return null;
    String area = seg.get(2);
    if (area.equals("ping")) {
      if (n > 4) return null;
      if (!method.equals("GET")) return new Match(null, "GET", logPath);
      return route(n == 3 ? Action.PING_ALL : Action.PING, kind, n == 4 ? seg.get(3) : null, null, logPath);
    }
    if (!area.equals("channels")) return null;
    if (n == 3) {
      if (method.equals("GET")) return route(Action.LIST, kind, null, null, logPath);
      if (method.equals("POST")) return route(Action.CREATE, kind, null, null, logPath);
      return new Match(null, "GET, POST", logPath);
    }
    String id = seg.get(3);
    if (n == 4) {
      if (id.equals("reorder") && method.equals("POST")) return route(Action.REORDER, kind, null, null, logPath);
      if (method.equals("PUT")) return route(Action.UPDATE, kind, id, null, logPath);
      if (method.equals("DELETE")) return route(Action.DELETE, kind, id, null, logPath);
      return null;
    }
    String sub = seg.get(4);
    if (n == 5) {
      switch (sub) {
        case "keys": return methodIs(method, "POST", Action.ADD_KEY, kind, id, logPath);
        case "status": return methodIs(method, "PATCH", Action.STATUS, kind, id, logPath);
        case "promotion": return methodIs(method, "POST", Action.PROMOTION, kind, id, logPath);
        case "resume": return methodIs(method, "POST", Action.RESUME, kind, id, logPath);
        default: return null;
      }
    }
    if (!sub.equals("keys")) return null;
    String key = seg.get(5);
    if (n == 6) {
      return method.equals("DELETE") ? route(Action.REMOVE_KEY, kind, id, key, logPath) : new Match(null, "DELETE", logPath);
    }
    if (n == 7 && (seg.get(6).equals("top") || seg.get(6).equals("bottom"))) {
      if (!method.equals("POST")) return new Match(null, "POST", logPath);
      return route(seg.get(6).equals("top") ? Action.KEY_TOP : Action.KEY_BOTTOM, kind, id, key, logPath);
    }
    return null;
  }

  private static Match methodIs(String method, String expected, Action action, ApiKind kind, String id, String logPath) {
    return method.equals(expected) ? route(action, kind, id, null, logPath) : new Match(null, expected, logPath);
  }

  private static Match route(Action action, ApiKind kind, String id, String key, String logPath) {
    return new Match(new Route(action, kind, id, key, logPath), null, logPath);
  }

  /** The path's segments, percent-decoded one by one (so an encoded {@code /} in a key stays in its segment). */
  static List<String> segments(HttpServerExchange exchange) {
    String raw = exchange.getRequestURI();
    int scheme = raw.indexOf("://");
    if (scheme >= 0) {
      int slash = raw.indexOf('/', scheme + 3);
      raw = slash < 0 ? "/" : raw.substring(slash);
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.split("/")) {
      if (s.isEmpty()) continue;
      try {
        // A path keeps '+' literally; URLDecoder would read it as a space.
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        out.add(s);
      }
    }
    return out;
  }

  /** The path for logs: a key segment ({@code .../keys/{key}...}) is replaced, control characters too. */
  static String logPath(List<String> seg) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < seg.size(); i++) {
      boolean key = i == 5 && seg.get(2).equals("channels") && seg.get(4).equals("keys");
      sb.append('/');
      if (key) {
        sb.append("{key}");
        continue;
      }
      for (char c : seg.get(i).toCharArray()) sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }
}
