package dev.llmrouter.api;

/**
 * Token usage of one answer. Input tokens exclude cache reads and cache writes, as Anthropic
 * counts them; other protocols are normalised to that on the way in. Immutable.
 *
 * @param inputTokens uncached input tokens
 * @param outputTokens generated tokens, reasoning included
 * @param cacheReadTokens input tokens served from the prompt cache
 * @param cacheCreationTokens input tokens written to the prompt cache
 * @param reasoningTokens the part of {@code outputTokens} spent on reasoning, when the upstream reports it
 * @param estimated true when the numbers were estimated locally because the upstream gave none
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheCreationTokens,
    long reasoningTokens,
    boolean estimated) {

  /** No usage at all; what an answer without a usage report carries. */
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0, false);

  /**
   * Validates the counts.
   *
   * @param inputTokens uncached input tokens
   * @param outputTokens generated tokens, reasoning included
   * @param cacheReadTokens input tokens served from the prompt cache
   * @param cacheCreationTokens input tokens written to the prompt cache
   * @param reasoningTokens the part of {@code outputTokens} spent on reasoning, when the upstream reports it
   * @param estimated true when the numbers were estimated locally because the upstream gave none
   * @throws IllegalArgumentException when any count is negative
   */
  public Usage {
    if (inputTokens < 0) throw new IllegalArgumentException("inputTokens < 0: " + inputTokens);
    if (outputTokens < 0) throw new IllegalArgumentException("outputTokens < 0: " + outputTokens);
    if (cacheReadTokens < 0) throw new IllegalArgumentException("cacheReadTokens < 0: " + cacheReadTokens);
    if (cacheCreationTokens < 0) throw new IllegalArgumentException("cacheCreationTokens < 0: " + cacheCreationTokens);
    if (reasoningTokens < 0) throw new IllegalArgumentException("reasoningTokens < 0: " + reasoningTokens);
  }

  /**
   * Returns measured usage with only input and output counts.
   *
   * @param input uncached input tokens
   * @param output generated tokens
   * @return the usage
   * @throws IllegalArgumentException when a count is negative
   */
  public static Usage of(long input, long output) {
    return new Usage(input, output, 0, 0, 0, false);
  }

  /** {@return true when no input, output or cache token was counted} */
  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && cacheReadTokens == 0 && cacheCreationTokens == 0;
  }
}
