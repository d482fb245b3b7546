package dev.llmrouter.scheduler;

import dev.llmrouter.api.error.ErrorType;

/**
 * What the client gets when the router stops without an upstream success, as {@link FailoverPolicy}
 * decides: the failed upstream answer relayed with {@code status}, or an error of the router's own
 * in the client's protocol.
 *
 * @param status the status for the client
 * @param relay send the upstream's error body (as the client's protocol renders it) and headers
 * @param type the error category of a router error, null when relayed
 * @param message the text of a router error, null when relayed
 */
record ClientAnswer(int status, boolean relay, ErrorType type, String message) {
  /** The upstream's error, relayed with {@code status}. */
  static ClientAnswer relay(int status) {
    return new ClientAnswer(status, true, null, null);
  }

  /** An error of the router's own. */
  static ClientAnswer error(int status, ErrorType type, String message) {
    return new ClientAnswer(status, false, type, message);
  }
}
