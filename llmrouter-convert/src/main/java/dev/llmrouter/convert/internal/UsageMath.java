package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Usage;

/**
 * Usage arithmetic between protocols. The common {@link Usage} counts input without cache reads and
 * cache writes (Anthropic's way) and output including reasoning (OpenAI's way). OpenAI's
 * {@code prompt_tokens} and Gemini's {@code promptTokenCount} include cached tokens; Gemini's
 * {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}. Stateless.
 */
public final class UsageMath {
  private UsageMath() {}

  /**
   * Returns all prompt tokens, cached ones included (OpenAI's and Gemini's prompt count).
   *
   * @param u the usage
   * @return input plus cache reads plus cache writes
   */
  public static long promptTotal(Usage u) {
    return u.inputTokens() + u.cacheReadTokens() + u.cacheCreationTokens();
  }

  /**
   * Builds usage from a prompt total that includes {@code cached} read tokens. Negative inputs are
   * treated as 0.
   *
   * @param prompt all prompt tokens, cached ones included
   * @param cached the cache reads among them
   * @param output generated tokens, reasoning included
   * @param reasoning the reasoning tokens among {@code output}
   * @return measured usage without cache writes
   */
  public static Usage fromPromptTotal(long prompt, long cached, long output, long reasoning) {
    return new Usage(Math.max(0, prompt - cached), Math.max(0, output), Math.max(0, cached), 0,
        Math.max(0, reasoning), false);
  }
}
