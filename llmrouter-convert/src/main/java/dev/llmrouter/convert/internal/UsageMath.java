package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Usage;

/**
 * Usage arithmetic for writing usage in a protocol. The common {@link Usage} counts input without
 * cache reads and cache writes (Anthropic's way) and output including reasoning (OpenAI's way).
 * OpenAI's {@code prompt_tokens} and Gemini's {@code promptTokenCount} include cached tokens;
 * Gemini's {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}. Reading is
 * {@link dev.llmrouter.convert.usage.UsageReaders}'s job. Stateless.
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
}
