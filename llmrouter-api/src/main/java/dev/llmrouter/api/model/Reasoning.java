package dev.llmrouter.api.model;

/**
 * The client's reasoning settings. Every field may be null.
 *
 * @param enabled false when the client turned reasoning off
 * @param budgetTokens a token budget (Anthropic {@code budget_tokens}, Gemini {@code thinkingBudget})
 * @param effort an effort level ({@code minimal}, {@code low}, {@code medium}, {@code high}, ...)
 * @param summary OpenAI Responses {@code reasoning.summary} ({@code auto}, {@code concise}, {@code detailed})
 * @param includeThoughts Gemini {@code includeThoughts}
 */
public record Reasoning(Boolean enabled, Integer budgetTokens, String effort, String summary, Boolean includeThoughts) {

  /** A budget for an effort level, for protocols that only take budgets. */
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

  /** An effort level for a budget, for protocols that only take levels. */
  public static String effortFor(int budgetTokens) {
    if (budgetTokens <= 1024) return "minimal";
    if (budgetTokens <= 4096) return "low";
    if (budgetTokens <= 16384) return "medium";
    return "high";
  }
}
