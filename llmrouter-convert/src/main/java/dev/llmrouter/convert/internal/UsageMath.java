package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Usage;

/**
 * Usage arithmetic between protocols. The common {@link Usage} counts input without cache reads and
 * cache writes (Anthropic's way) and output including reasoning (OpenAI's way). OpenAI's
 * {@code prompt_tokens} and Gemini's {@code promptTokenCount} include cached tokens; Gemini's
 * {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}.
 */
public final class UsageMath {
  private UsageMath() {}

  /** All prompt tokens, cached ones included. */
  public static long promptTotal(Usage u) {
    return u.inputTokens() + u.cacheReadTokens() + u.cacheCreationTokens();
  }

  /** From a prompt total that includes {@code cached} read tokens. */
  public static Usage fromPromptTotal(long prompt, long cached, long output, long reasoning) {
    return new Usage(Math.max(0, prompt - cached), Math.max(0, output), Math.max(0, cached), 0,
        Math.max(0, reasoning), false);
  }
}
