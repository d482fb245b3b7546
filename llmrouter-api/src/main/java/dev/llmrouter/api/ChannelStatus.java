package dev.llmrouter.api;

/** Whether a channel takes traffic. Only {@link #ACTIVE} channels are ever selected. */
public enum ChannelStatus {
  /** Selected for traffic; also the meaning of an empty or missing status. */
  ACTIVE("active"),
  /** Kept in the list but never selected (for example a channel without keys). */
  SUSPENDED("suspended"),
  /** Switched off by an operator; never selected. */
  DISABLED("disabled");

  private final String wire;

  ChannelStatus(String wire) {
    this.wire = wire;
  }

  /** {@return the value written in {@code config.json}} */
  public String wire() {
    return wire;
  }

  /**
   * Parses the config value; empty or null means active.
   *
   * @param value the {@code status} member of a channel, may be null
   * @return the status
   * @throws IllegalArgumentException when the value is not empty and not one of {@code active},
   *     {@code suspended}, {@code disabled}
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
