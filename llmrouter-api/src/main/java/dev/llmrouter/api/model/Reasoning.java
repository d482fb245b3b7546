package dev.llmrouter.api.model;

/**
 * The client's reasoning settings. Every field may be null. Immutable.
 *
 * @param enabled false when the client turned reasoning off
 * @param budgetTokens a token budget (Anthropic {@code budget_tokens}, Gemini {@code thinkingBudget})
 * @param effort an effort level ({@code minimal}, {@code low}, {@code medium}, {@code high}, ...)
 * @param summary OpenAI Responses {@code reasoning.summary} ({@code auto}, {@code concise}, {@code detailed})
 * @param includeThoughts Gemini {@code includeThoughts}
 */
public record Reasoning(Boolean enabled, Integer budgetTokens, String effort, String summary, Boolean includeThoughts) {

  /**
   * Returns a token budget for an effort level, for protocols that only take budgets.
   *
   * @param effort {@code minimal}, {@code low}, {@code medium} or {@code high}; null means medium and
   *     any other value gets the largest budget
   * @return the budget: 1024, 2048, 8192, 24576 or 32768
   */
  public static int budgetFor(String effort) {
    if (effort == null) return 8192;
    switch (effort) {
      case "minimal": return 1024;
      case "low": return 2048;
      case "medium": return 8192;
      case "high": return 24576;
      default: return 32768;
    }
  }

  /**
   * Returns an effort level for a budget, for protocols that only take levels.
   *
   * @param budgetTokens the budget
   * @return {@code minimal} up to 1024, {@code low} up to 4096, {@code medium} up to 16384, else
   *     {@code high}
   */
  public static String effortFor(int budgetTokens) {
    if (budgetTokens <= 1024) return "minimal";
    if (budgetTokens <= 4096) return "low";
    if (budgetTokens <= 16384) return "medium";
    return "high";
  }
}
