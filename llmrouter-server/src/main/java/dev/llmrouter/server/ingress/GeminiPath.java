package dev.llmrouter.server.ingress;

/**
 * A Gemini call path, {@code /v1beta/models/{model}:{action}} or {@code /v1/models/{model}:{action}}.
 * The action is what follows the last colon, so model names that contain colons survive.
 *
 * @param model the model named in the path (may be empty)
 * @param action {@code generateContent}, {@code streamGenerateContent}, {@code countTokens} or another
 */
public record GeminiPath(String model, String action) {
  private static final String[] PREFIXES = {"/v1beta/models/", "/v1/models/"};

  /** Parses a path; null when it is not a Gemini model call (no prefix, or no action). */
  public static GeminiPath parse(String path) {
    for (String prefix : PREFIXES) {
      if (!path.startsWith(prefix)) continue;
      String rest = path.substring(prefix.length());
      int colon = rest.lastIndexOf(':');
      if (colon < 0 || rest.indexOf('/') >= 0) return null;
      return new GeminiPath(rest.substring(0, colon), rest.substring(colon + 1));
    }
    return null;
  }

  /** True for the actions llmrouter serves. */
  public boolean isSupported() {
    return action.equals("generateContent") || action.equals("streamGenerateContent") || action.equals("countTokens");
  }

  /** True when the action streams. */
  public boolean isStream() {
    return action.equals("streamGenerateContent");
  }
}
