package dev.llmrouter.server.tokens;

import java.util.Locale;

/** How {@code POST /v1/messages/count_tokens} is answered. */
public enum CountTokensMode {
  /** By the local estimate; no upstream is called. */
  LOCAL,
  /** By a claude channel's own endpoint, with the local estimate when that fails. */
  UPSTREAM;

  /**
   * Parses a setting value ({@code local} or {@code upstream}, any case).
   *
   * @throws IllegalArgumentException for any other value
   */
  public static CountTokensMode parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    switch (v) {
      case "local":
        return LOCAL;
      case "upstream":
        return UPSTREAM;
      default:
        throw new IllegalArgumentException("expected local or upstream, got '" + value + "'");
    }
  }
}
