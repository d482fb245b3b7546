package dev.llmrouter.api;

/**
 * The four wire protocols that llmrouter speaks. A channel's {@code serviceType} names one of them;
 * a client API speaks one of three of them.
 */
public enum Protocol {
  /** Anthropic Messages ({@code serviceType: "claude"}). */
  CLAUDE("claude"),
  /** OpenAI Chat Completions ({@code serviceType: "openai"}). */
  OPENAI_CHAT("openai"),
  /** Google Gemini generateContent ({@code serviceType: "gemini"}). */
  GEMINI("gemini"),
  /** OpenAI Responses ({@code serviceType: "responses"}). */
  RESPONSES("responses");

  private final String serviceType;

  Protocol(String serviceType) {
    this.serviceType = serviceType;
  }

  /** {@return the {@code serviceType} value of channels that speak this protocol} */
  public String serviceType() {
    return serviceType;
  }

  /**
   * Returns the protocol for a {@code serviceType}.
   *
   * @param serviceType a channel's {@code serviceType}; may be null
   * @return the protocol, or null when the value is not one of the four
   */
  public static Protocol ofServiceType(String serviceType) {
    if (serviceType == null) return null;
    for (Protocol p : values()) {
      if (p.serviceType.equals(serviceType)) return p;
    }
    return null;
  }
}
