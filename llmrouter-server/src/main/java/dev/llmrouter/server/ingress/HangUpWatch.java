package dev.llmrouter.server.ingress;

/**
 * Watches a client's connection for a hang-up while its request's answer is awaited, so that the
 * upstream call is cancelled instead of run for nobody: {@link ClientWatch} on Undertow's
 * connections, {@link FrontConnection}'s own on the front's. Used on the connection's IO thread.
 */
interface HangUpWatch {
  /** Starts watching at once, unless the watch was stopped first. */
  void armNow();

  /** Ends the watch and gives the connection back as it was. Idempotent. */
  void stopNow();
}
