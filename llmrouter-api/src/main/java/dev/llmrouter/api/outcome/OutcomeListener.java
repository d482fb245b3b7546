package dev.llmrouter.api.outcome;

/**
 * Receives one event per upstream attempt. Called on the request's thread after the attempt ends:
 * implementations must be fast and must not throw (exceptions are logged and dropped).
 */
@FunctionalInterface
public interface OutcomeListener {
  /**
   * Receives the outcome of one attempt.
   *
   * @param outcome what happened
   */
  void onOutcome(AttemptOutcome outcome);

  /** A listener that does nothing. */
  OutcomeListener NONE = outcome -> {};
}
