package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.FailoverPolicy.Action.CANCELLED;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.NEXT_BASE_URL;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.NEXT_CHANNEL;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.NEXT_KEY;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.RETURN_TO_CLIENT;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.scheduler.AttemptFailure.Stage;
import dev.llmrouter.scheduler.FailoverPolicy.Decision;
import dev.llmrouter.scheduler.FailoverPolicy.Tally;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The decisions the router asks the policy for besides the status table of
 * {@link FailoverPolicyTest}: a failure at each stage of an attempt, the end of a stream that
 * reached the client, an open breaker, and the client's answer when the router stops. Each test
 * pins one rule.
 */
class FailoverDecisionsTest {
  private static final Tally TALLY = new Tally(ApiKind.MESSAGES, 2, 3, 2);
  private static final String MESSAGE = "all 2 messages channel(s) failed after 3 upstream call(s) with 2 key(s); "
      + "last error: ";

  private final FailoverPolicy policy = new FailoverPolicy();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static AttemptFailure status(int status, String body, boolean fuzzy) {
    return AttemptFailure.status(status, bytes(body), bytes(body), fuzzy);
  }

  private ClientAnswer allFailed(AttemptFailure f) {
    return policy.allFailed(f, policy.decide(f), TALLY);
  }

  // What a failed attempt means, per stage.

  @Test
  void refusedClientRequestGoesToTheClientWithItsOwnStatusAndNoPenalty() {
    AttemptFailure f = AttemptFailure.clientRequest(
        new ClientRequestException(413, ErrorType.REQUEST_TOO_LARGE, "the request is too large"));
    Decision d = policy.decide(f);
    assertEquals(new Decision(RETURN_TO_CLIENT, false, false, "client request: " + ErrorType.REQUEST_TOO_LARGE), d);
    assertEquals(Result.CLIENT_ERROR, d.result());
    assertEquals(ClientAnswer.error(413, ErrorType.REQUEST_TOO_LARGE, "the request is too large"), policy.answer(f));
    assertFalse(f.upstream());
  }

  @Test
  void internalErrorTriesTheNextChannelWithoutPenaltyOrCooldown() {
    AttemptFailure f = AttemptFailure.internal(new IllegalStateException("bug"));
    Decision d = policy.decide(f);
    assertEquals(new Decision(NEXT_CHANNEL, false, false, "conversion failed: IllegalStateException"), d);
    assertEquals(Result.CLIENT_ERROR, d.result());
    assertFalse(d.coolsKey());
    assertFalse(d.coolsBaseUrl());
    assertFalse(f.upstream(), "an internal error never becomes the last upstream failure");
  }

  @Test
  void connectFailureTriesTheNextBaseUrlAndRestsIt() {
    AttemptFailure f = AttemptFailure.io(Stage.OPEN, 0, new ConnectException("Failed to connect"), false);
    Decision d = policy.decide(f);
    assertEquals(new Decision(NEXT_BASE_URL, false, true, "Failed to connect"), d);
    assertEquals(Result.FAILURE, d.result());
    assertTrue(d.coolsBaseUrl());
    assertFalse(d.coolsKey());
    assertEquals("Failed to connect", f.detail(d));
    assertTrue(f.upstream());
  }

  @Test
  void ioFailureAfterTheClientWentAwayStopsAsCancelled() {
    for (Stage stage : new Stage[] {Stage.OPEN, Stage.BODY, Stage.STREAM}) {
      AttemptFailure f = AttemptFailure.io(stage, stage == Stage.OPEN ? 0 : 200, new IOException("Canceled"), true);
      Decision d = policy.decide(f);
      assertEquals(CANCELLED, d.action(), stage.name());
      assertEquals(Result.CANCELLED, d.result(), stage.name());
    }
  }

  @Test
  void bodyReadFailureFailsOverAndItsDetailSaysBody() {
    AttemptFailure f = AttemptFailure.io(Stage.BODY, 200, new IOException("unexpected end of stream"), false);
    Decision d = policy.decide(f);
    assertEquals(new Decision(NEXT_BASE_URL, false, true, "unexpected end of stream"), d);
    assertEquals("body: unexpected end of stream", f.detail(d));
    assertEquals(200, f.status());
  }

  @Test
  void streamFailureBeforeTheFirstByteFailsOverAndItsDetailSaysStream() {
    AttemptFailure f = AttemptFailure.io(Stage.STREAM, 200, new SocketTimeoutException("timeout"), false);
    Decision d = policy.decide(f);
    assertEquals(new Decision(NEXT_BASE_URL, false, true, "read timeout"), d);
    assertEquals("stream: read timeout", f.detail(d));
  }

  @Test
  void emptyStreamTriesTheNextBaseUrl() {
    Decision d = policy.decide(AttemptFailure.stream(Stage.EMPTY_STREAM, 200));
    assertEquals(new Decision(NEXT_BASE_URL, false, true, "empty stream"), d);
    assertEquals(Result.FAILURE, d.result());
    assertTrue(d.coolsBaseUrl());
  }

  @Test
  void inBandErrorFirstFrameTriesTheNextBaseUrl() {
    assertEquals(policy.inBandError(), policy.decide(AttemptFailure.stream(Stage.IN_BAND_ERROR, 200)));
  }

  @Test
  void errorBodyWithA2xxStatusTriesTheNextBaseUrl() {
    AttemptFailure f = AttemptFailure.errorBody(200, bytes("{\"error\":\"no channel available\"}"));
    assertEquals(policy.errorBody(), policy.decide(f));
  }

  @Test
  void upstreamStatusFollowsTheStatusTableWithTheSnapshotsFuzzyMode() {
    assertEquals(policy.classify(429, bytes("{}"), false), policy.decide(status(429, "{}", false)));
    assertEquals(RETURN_TO_CLIENT, policy.decide(status(400, "{}", false)).action());
    assertEquals(NEXT_KEY, policy.decide(status(400, "{}", true)).action());
  }

  @Test
  void rateLimitedKeyRestsTheKeyNotTheBaseUrl() {
    Decision d = policy.decide(status(429, "{}", false));
    assertEquals(Result.FAILURE, d.result());
    assertTrue(d.coolsKey());
    assertFalse(d.coolsBaseUrl());
  }

  @Test
  void overloadedChannelRestsTheBaseUrl() {
    Decision d = policy.decide(status(529, "{}", false));
    assertEquals(NEXT_CHANNEL, d.action());
    assertTrue(d.coolsBaseUrl());
  }

  @Test
  void fuzzyFailoverIsAClientErrorWithoutCooldown() {
    Decision d = policy.decide(status(400, "{}", true));
    assertEquals(Result.CLIENT_ERROR, d.result());
    assertFalse(d.coolsKey());
    assertFalse(d.coolsBaseUrl());
  }

  @Test
  void relayedUpstreamErrorKeepsItsStatus() {
    AttemptFailure f = status(422, "{\"error\":{\"message\":\"bad\"}}", false);
    assertEquals(RETURN_TO_CLIENT, policy.decide(f).action());
    assertEquals(ClientAnswer.relay(422), policy.answer(f));
  }

  // A stream that reached the client.

  @Test
  void completedStreamSucceedsWithoutMakingADecision() {
    Decision d = policy.streamEnded(null, true, false);
    assertEquals(SUCCESS, d.action());
    assertSame(d, policy.streamEnded(null, true, false), "a completed stream makes nothing");
  }

  @Test
  void brokenStreamIsAFailureWithoutCooldownOrFailover() {
    Decision d = policy.streamEnded("upstream sent an error event", true, false);
    assertEquals("upstream sent an error event", d.reason());
    assertEquals(Result.FAILURE, d.result());
    assertFalse(d.failover());
    assertFalse(d.coolsKey());
    assertFalse(d.coolsBaseUrl());
  }

  @Test
  void streamNotReadToItsEndIsAFailure() {
    Decision d = policy.streamEnded(null, false, false);
    assertEquals(Result.FAILURE, d.result());
    assertEquals("stream not read to its end", d.reason());
  }

  @Test
  void clientGoingAwayWinsOverAStreamFailure() {
    Decision d = policy.streamEnded("upstream sent an error event", false, true);
    assertEquals(Result.CANCELLED, d.result());
    assertEquals("client went away", d.reason());
  }

  // Open breakers.

  @Test
  void openBreakerIsProbedOnlyOnAForcedChannel() {
    assertTrue(policy.probeOpenBreaker(true));
    assertFalse(policy.probeOpenBreaker(false));
  }

  // The client's answer when the router stops.

  @Test
  void clientGoneAnswersOverloaded() {
    assertEquals(ClientAnswer.error(503, ErrorType.OVERLOADED, "the client went away"), policy.clientGone());
  }

  @Test
  void noChannelSaysWhetherAnyIsConfigured() {
    assertEquals(ClientAnswer.error(503, ErrorType.OVERLOADED, "no messages channel is configured"),
        policy.noChannel(ApiKind.MESSAGES, false));
    assertEquals(ClientAnswer.error(503, ErrorType.OVERLOADED, "no active messages channel with keys is available"),
        policy.noChannel(ApiKind.MESSAGES, true));
  }

  @Test
  void allFailedRelaysAJsonRateLimitAs429() {
    assertEquals(ClientAnswer.relay(429), allFailed(status(429, "{\"error\":{\"message\":\"slow down\"}}", false)));
  }

  @Test
  void allFailedRelaysOverloadedAs503() {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    assertEquals(ClientAnswer.relay(503), allFailed(status(529, body, false)));
    assertEquals(ClientAnswer.relay(503), allFailed(status(503, body, false)));
  }

  @Test
  void allFailedRelaysOtherServerErrorsAs502() {
    assertEquals(ClientAnswer.relay(502), allFailed(status(500, "{\"error\":{\"message\":\"boom\"}}", false)));
  }

  @Test
  void allFailedRelaysAFuzzyClientErrorWithItsStatus() {
    assertEquals(ClientAnswer.relay(400), allFailed(status(400, "{\"error\":{\"message\":\"bad\"}}", true)));
  }

  @Test
  void allFailedRelaysAnErrorBodySentWithA2xxAs502() {
    AttemptFailure f = AttemptFailure.errorBody(200, bytes("{\"error\":\"no channel available\"}"));
    assertEquals(502, FailoverPolicy.failedStatus(f));
    assertEquals(ClientAnswer.relay(502), allFailed(f));
  }

  @Test
  void allFailedNeverRelaysAKeyFailureOfOurOwnAccounts() {
    AttemptFailure f = status(401, "{\"error\":{\"message\":\"Invalid API key\"}}", false);
    assertEquals(ClientAnswer.error(502, ErrorType.UPSTREAM, MESSAGE + "status 401"), allFailed(f));
  }

  @Test
  void allFailedNeverRelaysABodyThatIsNotJson() {
    assertEquals(ClientAnswer.error(502, ErrorType.UPSTREAM, MESSAGE + "status 502"),
        allFailed(status(502, "<html>Bad Gateway</html>", false)));
    assertEquals(ClientAnswer.error(429, ErrorType.RATE_LIMIT, MESSAGE + "status 429"),
        allFailed(status(429, "Too Many Requests", false)));
    assertEquals(ClientAnswer.error(503, ErrorType.OVERLOADED, MESSAGE + "status 529"),
        allFailed(status(529, "overloaded", false)));
  }

  @Test
  void allFailedAfterATimeoutIs504() {
    AttemptFailure f = AttemptFailure.io(Stage.OPEN, 0, new InterruptedIOException("timeout"), false);
    assertEquals(ClientAnswer.error(504, ErrorType.TIMEOUT, MESSAGE + "timeout"), allFailed(f));
    AttemptFailure read = AttemptFailure.io(Stage.STREAM, 200, new SocketTimeoutException("timeout"), false);
    assertEquals(ClientAnswer.error(504, ErrorType.TIMEOUT, MESSAGE + "read timeout"), allFailed(read));
  }

  @Test
  void allFailedAfterAConnectionOrStreamFailureIs502() {
    AttemptFailure f = AttemptFailure.io(Stage.OPEN, 0, new ConnectException("Failed to connect"), false);
    assertEquals(0, FailoverPolicy.failedStatus(f));
    assertEquals(ClientAnswer.error(502, ErrorType.UPSTREAM, MESSAGE + "Failed to connect"), allFailed(f));
    assertEquals(ClientAnswer.error(502, ErrorType.UPSTREAM, MESSAGE + "empty stream"),
        allFailed(AttemptFailure.stream(Stage.EMPTY_STREAM, 200)));
  }
}
