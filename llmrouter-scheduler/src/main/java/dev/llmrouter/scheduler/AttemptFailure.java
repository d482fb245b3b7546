package dev.llmrouter.scheduler;

import dev.llmrouter.api.error.ClientRequestException;
import java.io.IOException;

/**
 * What one attempt that did not succeed looked like, before anything reached the client: the
 * input of {@link FailoverPolicy#decide}. Made only when an attempt fails, never for a success.
 *
 * @param stage where the attempt stopped
 * @param status the upstream's status, or 0 when no answer came (also the status its outcome reports)
 * @param errorBody the start of the upstream's error body as the upstream sent it, or null
 * @param clientBody the answer as the client would get it if relayed (the error in the client's
 *     protocol, or a 2xx body that is an error), or null
 * @param cause the exception that stopped the attempt, or null
 * @param clientGone the client's cancel signal had fired when the attempt stopped
 * @param fuzzy the snapshot's {@code fuzzyModeEnabled}
 */
record AttemptFailure(Stage stage, int status, byte[] errorBody, byte[] clientBody, Exception cause,
    boolean clientGone, boolean fuzzy) {

  /** Where an attempt stopped. */
  enum Stage {
    /** The provider refused the client's request ({@link ClientRequestException}); nothing was sent. */
    CLIENT_REQUEST(""),
    /** A problem of the router's own (such as a conversion bug) while making the call. */
    INTERNAL(""),
    /** The call failed before an answer's headers came (connect, write, read, timeout). */
    OPEN(""),
    /** The upstream answered with a non-2xx status. */
    STATUS(""),
    /** The upstream answered a non-streamed request with a 2xx whose body is an error. */
    ERROR_BODY(""),
    /** Reading the body of a 2xx non-streamed answer failed. */
    BODY("body: "),
    /** Reading the first frame of a 2xx stream failed. */
    STREAM("stream: "),
    /** A 2xx stream that ended before its first frame. */
    EMPTY_STREAM(""),
    /** A 2xx stream whose first frame is an error. */
    IN_BAND_ERROR("");

    private final String detailPrefix;

    Stage(String detailPrefix) {
      this.detailPrefix = detailPrefix;
    }
  }

  /** The provider refused the client's request. */
  static AttemptFailure clientRequest(ClientRequestException e) {
    return new AttemptFailure(Stage.CLIENT_REQUEST, 0, null, null, e, false, false);
  }

  /** A problem of the router's own while making the call. */
  static AttemptFailure internal(RuntimeException e) {
    return new AttemptFailure(Stage.INTERNAL, 0, null, null, e, false, false);
  }

  /**
   * An IO failure at {@code stage} ({@link Stage#OPEN}, {@link Stage#BODY} or {@link Stage#STREAM}).
   *
   * @param status the 2xx status of the answer being read, or 0 when none came
   */
  static AttemptFailure io(Stage stage, int status, IOException e, boolean clientGone) {
    return new AttemptFailure(stage, status, null, null, e, clientGone, false);
  }

  /** A non-2xx answer. */
  static AttemptFailure status(int status, byte[] errorBody, byte[] clientBody, boolean fuzzy) {
    return new AttemptFailure(Stage.STATUS, status, errorBody, clientBody, null, false, fuzzy);
  }

  /** A 2xx non-streamed answer whose body is an error. */
  static AttemptFailure errorBody(int status, byte[] body) {
    return new AttemptFailure(Stage.ERROR_BODY, status, null, body, null, false, false);
  }

  /** A 2xx stream that ended or failed at its first frame ({@link Stage#EMPTY_STREAM}, {@link Stage#IN_BAND_ERROR}). */
  static AttemptFailure stream(Stage stage, int status) {
    return new AttemptFailure(stage, status, null, null, null, false, false);
  }

  /** True when the failure came from the upstream (not the client's request, not the router itself). */
  boolean upstream() {
    return stage != Stage.CLIENT_REQUEST && stage != Stage.INTERNAL;
  }

  /** The outcome's detail for this failure decided as {@code d}: the decision's reason, after the stage's prefix. */
  String detail(FailoverPolicy.Decision d) {
    return stage.detailPrefix.isEmpty() ? d.reason() : stage.detailPrefix + d.reason();
  }
}
