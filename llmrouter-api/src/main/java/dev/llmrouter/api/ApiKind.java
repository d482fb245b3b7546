package dev.llmrouter.api;

/**
 * A client-facing API family. Each kind has its own channel list, scheduler state and metrics.
 */
public enum ApiKind {
  /** Anthropic Messages, {@code POST /v1/messages}; channels in {@code upstream}. */
  MESSAGES("messages", "upstream", Protocol.CLAUDE),
  /** OpenAI Responses, {@code POST /v1/responses}; channels in {@code responsesUpstream}. */
  RESPONSES("responses", "responsesUpstream", Protocol.RESPONSES),
  /** Google Gemini, {@code POST /v1beta/models/{model}:generateContent}; channels in {@code geminiUpstream}. */
  GEMINI("gemini", "geminiUpstream", Protocol.GEMINI);

  private final String pathName;
  private final String configList;
  private final Protocol protocol;

  ApiKind(String pathName, String configList, Protocol protocol) {
    this.pathName = pathName;
    this.configList = configList;
    this.protocol = protocol;
  }

  /** {@return the name used in admin paths ({@code /api/{name}/channels})} */
  public String pathName() {
    return pathName;
  }

  /** {@return the member of {@code config.json} that holds this kind's channels} */
  public String configList() {
    return configList;
  }

  /** {@return the protocol clients of this kind speak} */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Returns the kind for an admin path name.
   *
   * @param name the path segment, for example {@code messages}; may be null
   * @return the matching kind, or null when no kind has that name
   */
  public static ApiKind ofPathName(String name) {
    for (ApiKind k : values()) {
      if (k.pathName.equals(name)) return k;
    }
    return null;
  }
}
