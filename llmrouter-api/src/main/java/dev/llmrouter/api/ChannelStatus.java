package dev.llmrouter.api;

/** Whether a channel takes traffic. Only {@link #ACTIVE} channels are ever selected. */
public enum ChannelStatus {
  ACTIVE("active"),
  /** Kept in the list but never selected (for example a channel without keys). */
  SUSPENDED("suspended"),
  DISABLED("disabled");

  private final String wire;

  ChannelStatus(String wire) {
    this.wire = wire;
  }

  /** The value written in {@code config.json}. */
  public String wire() {
    return wire;
  }

  /**
   * Parses the config value; empty or null means active.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static ChannelStatus parse(String value) {
    if (value == null || value.isEmpty()) return ACTIVE;
    for (ChannelStatus s : values()) {
      if (s.wire.equals(value)) return s;
    }
    throw new IllegalArgumentException(
        "status must be one of active, suspended, disabled: " + value);
  }
}
