package dev.llmrouter.server.logging;

/**
 * The routes a web console polls every few seconds: their GET requests stay out of the log when
 * {@code QUIET_POLLING_LOGS} is on. Stateless.
 */
public final class PollingPaths {
  private PollingPaths() {}

  /**
   * True for GET and HEAD of {@code /health}, {@code /metrics}, {@code /api/{kind}/channels...} and
   * {@code /api/{kind}/global/stats...}; the path is read without its query and trailing slash.
   */
  public static boolean isPolling(String method, String path) {
    if (!method.equals("GET") && !method.equals("HEAD")) return false;
    String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (p.equals("/health") || p.equals("/metrics") || p.equals("/ready")) return true;
    for (String kind : new String[] {"messages", "responses", "gemini"}) {
      String prefix = "/api/" + kind + "/";
      if (!p.startsWith(prefix)) continue;
      String rest = p.substring(prefix.length());
      return rest.equals("channels") || rest.startsWith("channels/") || rest.equals("global/stats")
          || rest.startsWith("global/stats/");
    }
    return false;
  }
}
