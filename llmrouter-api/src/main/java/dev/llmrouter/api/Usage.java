package dev.llmrouter.api;

/**
 * Token usage of one answer. Input tokens exclude cache reads and cache writes, as Anthropic
 * counts them; other protocols are normalised to that on the way in.
 *
 * @param estimated true when the numbers were estimated locally because the upstream gave none
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheCreationTokens,
    long reasoningTokens,
    boolean estimated) {

  public static final Usage NONE = new Usage(0, 0, 0, 0, 0, false);

  public Usage {
    if (inputTokens < 0) throw new IllegalArgumentException("inputTokens < 0: " + inputTokens);
    if (outputTokens < 0) throw new IllegalArgumentException("outputTokens < 0: " + outputTokens);
    if (cacheReadTokens < 0) throw new IllegalArgumentException("cacheReadTokens < 0: " + cacheReadTokens);
    if (cacheCreationTokens < 0) throw new IllegalArgumentException("cacheCreationTokens < 0: " + cacheCreationTokens);
    if (reasoningTokens < 0) throw new IllegalArgumentException("reasoningTokens < 0: " + reasoningTokens);
  }

  public static Usage of(long input, long output) {
    return new Usage(input, output, 0, 0, 0, false);
  }

  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && cacheReadTokens == 0 && cacheCreationTokens == 0;
  }
}
