/**
 * Attempt outcomes: one {@link dev.llmrouter.api.outcome.AttemptOutcome} per upstream attempt, fed
 * to {@link dev.llmrouter.api.outcome.OutcomeListener}s (breakers, key health, affinity, metrics).
 */
package dev.llmrouter.api.outcome;
