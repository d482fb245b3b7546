package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.scheduler.AttemptFailure.Stage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, once per attempt, what a failed upstream attempt means: try the next key, the next base
 * URL or the next channel, or give the answer to the client. Inputs are the status and a bounded
 * error-body prefix, or the exception. Stateless and thread-safe.
 *
 * <p>The router asks it every "what next" question, and only executes the answers: what a failed
 * attempt means ({@code decide}, whatever the stage it failed at), how a stream that reached the
 * client ended, whether a key whose breaker is open is tried, and what the client gets when the
 * router stops (a refused request, a client that went away, no channel, every channel failed).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>2xx: {@link Action#SUCCESS}.
 *   <li>A moderation refusal ({@code error.code} or {@code error.type} in {@link #MODERATION_CODES}):
 *       relayed to the client on any status and in fuzzy mode too; every channel would refuse it.
 *   <li>401, 403, 402, 429: the key's fault, next key (402 and 429 are quota).
 *   <li>A body that names a quota, billing or key problem ({@link #QUOTA_MARKERS}, {@link #KEY_MARKERS}):
 *       next key, on any status. Anthropic reports a low credit balance as a 400
 *       {@code invalid_request_error}, so these markers win over the client-error codes below.
 *   <li>A client-error code ({@link #CLIENT_ERROR_CODES}, such as Anthropic's and OpenAI's
 *       {@code invalid_request_error} or {@code context_length_exceeded}): relayed.
 *   <li>529 (overloaded): next channel. 408 and other 5xx: next base URL.
 *   <li>Any other status (400, 404, 413, 422, every other 4xx, 1xx, 3xx): relayed.
 * </ol>
 * Fuzzy mode turns every relayed answer except moderation refusals into a failover to the next key
 * that is not held against the channel (no breaker penalty, no cooldown). Markers are matched as
 * lower-cased substrings of the error's message, type, code and status fields, or of the raw text
 * when the body is not JSON. Words such as "token", "invalid" or "exceeded" alone are deliberately
 * not markers: they occur in ordinary client errors ("max_tokens too large", "invalid request",
 * "context length exceeded").
 */
public final class FailoverPolicy {
  /** What to do after an attempt. */
  public enum Action {
    /** The attempt succeeded. */
    SUCCESS,
    /** Try the channel's next key (the key is at fault). */
    NEXT_KEY,
    /** Try the channel's next base URL (the host is at fault), then the next channel. */
    NEXT_BASE_URL,
    /** Try the next channel. */
    NEXT_CHANNEL,
    /** Give the upstream's answer to the client; no failover. */
    RETURN_TO_CLIENT,
    /** The client went away: stop at once. */
    CANCELLED
  }

  /**
   * One decision.
   *
   * @param action what to do
   * @param quota the key failed for quota or rate limit (a candidate to move to the end of its list)
   * @param channelFault the attempt counts against the channel (breaker, cooldown)
   * @param reason a short reason for logs and outcomes (never a body or a key)
   */
  public record Decision(Action action, boolean quota, boolean channelFault, String reason) {
    /**
     * @param action what to do
     * @param quota the key failed for quota or rate limit
     * @param channelFault the attempt counts against the channel
     * @param reason a short reason for logs and outcomes
     * @throws NullPointerException when {@code action} or {@code reason} is null
     */
    public Decision {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * True when another attempt should follow.
     *
     * @return whether another attempt should follow
     */
    public boolean failover() {
      return action == Action.NEXT_KEY || action == Action.NEXT_BASE_URL || action == Action.NEXT_CHANNEL;
    }

    /**
     * The result its attempt's outcome records: a channel fault is a failure (breaker, cooldown); a
     * fault of the request or of the router is a client error, and neither counts against the channel.
     */
    Result result() {
      if (action == Action.SUCCESS) return Result.SUCCESS;
      if (action == Action.CANCELLED) return Result.CANCELLED;
      return channelFault ? Result.FAILURE : Result.CLIENT_ERROR;
    }

    /** True when the attempt's key rests (cooldown): a channel fault that moves on to the next key. */
    boolean coolsKey() {
      return channelFault && action == Action.NEXT_KEY;
    }

    /**
     * True when the attempt's base URL rests (cooldown): a channel fault that moves on to the next
     * base URL or channel. A stream that broke after it reached the client rests nothing.
     */
    boolean coolsBaseUrl() {
      return channelFault && (action == Action.NEXT_BASE_URL || action == Action.NEXT_CHANNEL);
    }
  }

  /** What a request tried (channels picked, upstream calls, distinct keys), for the all-failed message. */
  record Tally(ApiKind kind, int channels, int calls, int keys) {}

  /** Codes of moderation refusals: relayed in every mode. */
  static final Set<String> MODERATION_CODES = Set.of("sensitive_words_detected", "content_policy_violation",
      "content_filter", "content_blocked", "moderation_blocked");

  /** Codes that say the client's request is wrong: relayed unless a quota or key marker is present. */
  static final Set<String> CLIENT_ERROR_CODES = Set.of("invalid_request", "invalid_request_error", "bad_request",
      "context_length_exceeded", "string_above_max_length", "validation_error", "not_found_error", "model_not_found",
      "request_too_large", "invalid_argument");

  /** Quota, billing and rate-limit markers. */
  static final List<String> QUOTA_MARKERS = List.of("insufficient_quota", "insufficient quota",
      "insufficient balance", "insufficient credit", "insufficient funds", "insufficient_funds", "quota exceeded",
      "quota_exceeded", "exceeded your current quota", "exceeded your quota", "over_quota", "out of quota",
      "rate limit", "rate_limit", "ratelimit", "too many requests", "credit balance", "account balance", "billing",
      "payment required", "payment_required", "resource_exhausted", "resource exhausted", "积分不足", "余额不足",
      "请求数限制", "额度", "预扣费");

  /** Markers of a key that is wrong, expired or not allowed. */
  static final List<String> KEY_MARKERS = List.of("invalid api key", "invalid_api_key", "invalid x-api-key",
      "incorrect api key", "api key not valid", "api_key_invalid", "api key is invalid", "api key expired",
      "api key has expired", "authentication_error", "authentication failed", "unauthorized",
      "unauthenticated", "permission_error", "permission_denied", "permission denied", "forbidden",
      "token has expired", "token expired", "expired token", "invalid token", "invalid_token", "密钥无效", "认证失败",
      "权限不足", "无效的令牌");

  private static final Decision EMPTY_STREAM = new Decision(Action.NEXT_BASE_URL, false, true, "empty stream");
  private static final Decision STREAM_COMPLETED = new Decision(Action.SUCCESS, false, false, "stream completed");
  private static final Decision STREAM_CLIENT_GONE = new Decision(Action.CANCELLED, false, false, "client went away");
  private static final Decision STREAM_CUT =
      new Decision(Action.RETURN_TO_CLIENT, false, true, "stream not read to its end");
  private static final ClientAnswer CLIENT_GONE = ClientAnswer.error(503, ErrorType.OVERLOADED, "the client went away");

  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final byte[] ERROR_NAME = "\"error\"".getBytes(StandardCharsets.UTF_8);

  /**
   * Classifies an upstream HTTP answer.
   *
   * @param status the upstream status
   * @param errorBody the start of the upstream's error body (may be null or empty)
   * @param fuzzy the snapshot's {@code fuzzyModeEnabled}
   * @return the decision, never null
   */
  public Decision classify(int status, byte[] errorBody, boolean fuzzy) {
    if (status >= 200 && status < 300) return new Decision(Action.SUCCESS, false, false, "status " + status);
    ErrorFields f = ErrorFields.read(errorBody);
    String why = "status " + status;
    if (f.hasCode(MODERATION_CODES)) return new Decision(Action.RETURN_TO_CLIENT, false, false, why + " moderation");
    if (status == 402 || status == 429) return new Decision(Action.NEXT_KEY, true, true, why);
    if (status == 401 || status == 403) return new Decision(Action.NEXT_KEY, f.has(QUOTA_MARKERS), true, why);
    if (f.has(QUOTA_MARKERS)) return new Decision(Action.NEXT_KEY, true, true, why + " quota");
    if (f.has(KEY_MARKERS)) return new Decision(Action.NEXT_KEY, false, true, why + " key");
    boolean clientCode = f.hasCode(CLIENT_ERROR_CODES);
    if (!clientCode && status == 529) return new Decision(Action.NEXT_CHANNEL, false, true, why);
    if (!clientCode && (status == 408 || status >= 500)) return new Decision(Action.NEXT_BASE_URL, false, true, why);
    if (fuzzy) return new Decision(Action.NEXT_KEY, false, false, why + " fuzzy");
    return new Decision(Action.RETURN_TO_CLIENT, false, false, why);
  }

  /**
   * Classifies an attempt that ended with an exception before an answer started.
   *
   * @param clientGone the client's cancel signal fired (also true when the router cancelled the call)
   * @param e the exception from opening the attempt or its first read
   * @return the decision, never null
   */
  public Decision classify(IOException e, boolean clientGone) {
    if (clientGone) return new Decision(Action.CANCELLED, false, false, "client went away");
    return new Decision(Action.NEXT_BASE_URL, false, true, describe(e));
  }

  /**
   * A stream whose first frame is an in-band error, before any byte reached the client.
   *
   * @return a decision to try the next base URL
   */
  public Decision inBandError() {
    return new Decision(Action.NEXT_BASE_URL, false, true, "in-band error before the first event");
  }

  /**
   * True when a 2xx body is in fact an error: a JSON object whose {@code error} member is an object
   * or a non-empty string (Anthropic, OpenAI and Gemini error shapes; a failed Responses object).
   * Relays sometimes answer 200 this way. Bodies without the bytes {@code "error"} are not parsed,
   * and neither are bodies larger than an error prefix.
   *
   * @param body a 2xx body, or null
   * @return whether it is an error in disguise
   */
  public boolean isErrorBody(byte[] body) {
    if (body == null || body.length == 0 || body.length > ERROR_BODY_LIMIT || !contains(body, ERROR_NAME)) return false;
    JsonValue root;
    try {
      root = Json.parse(body);
    } catch (MalformedJsonException e) {
      return false;
    }
    if (!(root instanceof JsonObject obj)) return false;
    JsonValue error = obj.get("error");
    return error instanceof JsonObject || (error instanceof JsonString s && !s.value().isEmpty());
  }

  /**
   * A 2xx answer whose body is an error.
   *
   * @return a decision to try the next base URL
   */
  public Decision errorBody() {
    return new Decision(Action.NEXT_BASE_URL, false, true, "error body with a 2xx status");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  /**
   * The provider could not build or convert the request through no fault of the client or the channel.
   *
   * @param e what went wrong inside the router
   * @return a decision to try the next channel, without penalty
   */
  public Decision internalError(RuntimeException e) {
    return new Decision(Action.NEXT_CHANNEL, false, false, "conversion failed: " + e.getClass().getSimpleName());
  }

  /**
   * What a failed attempt means, whatever the stage it failed at: an upstream status and its error
   * body ({@link #classify(int, byte[], boolean)}), an IO failure while opening the call or reading
   * its body or first frame ({@link #classify(IOException, boolean)}: the next base URL, or stop when
   * the client went away), a 2xx body that is an error ({@link #errorBody()}), a stream that ended
   * before its first frame (the next base URL), a first frame that is an error ({@link #inBandError()}),
   * a request the provider refused (to the client, no penalty) or a problem of the router's own
   * ({@link #internalError}).
   */
  Decision decide(AttemptFailure f) {
    switch (f.stage()) {
      case CLIENT_REQUEST:
        return new Decision(Action.RETURN_TO_CLIENT, false, false,
            "client request: " + ((ClientRequestException) f.cause()).type());
      case INTERNAL:
        return internalError((RuntimeException) f.cause());
      case STATUS:
        return classify(f.status(), f.errorBody(), f.fuzzy());
      case ERROR_BODY:
        return errorBody();
      case EMPTY_STREAM:
        return EMPTY_STREAM;
      case IN_BAND_ERROR:
        return inBandError();
      default:
        return classify((IOException) f.cause(), f.clientGone());
    }
  }

  /**
   * The answer for a failure decided {@link Action#RETURN_TO_CLIENT}: a refused request gets its
   * own status and message; an upstream error is relayed with its status.
   */
  ClientAnswer answer(AttemptFailure f) {
    if (f.stage() == Stage.CLIENT_REQUEST) {
      ClientRequestException e = (ClientRequestException) f.cause();
      return ClientAnswer.error(e.status(), e.type(), e.getMessage());
    }
    return ClientAnswer.relay(f.status());
  }

  /**
   * How a stream that reached the client ended, for its attempt's outcome (no failover is possible
   * any more): the client going away wins; a failure the exchange reports, or a stream not read to
   * its end, is the channel's fault without cooldown; otherwise {@link Action#SUCCESS}. Makes
   * nothing for a stream that completed.
   *
   * @param failure why the stream failed after it started, or null
   * @param completed the stream was read to its end
   * @param clientGone the client went away
   */
  Decision streamEnded(String failure, boolean completed, boolean clientGone) {
    if (clientGone) return STREAM_CLIENT_GONE;
    if (failure != null) return new Decision(Action.RETURN_TO_CLIENT, false, true, failure);
    return completed ? STREAM_COMPLETED : STREAM_CUT;
  }

  /**
   * Whether a key whose breaker refuses a permit is tried anyway: only on a channel picked although
   * it is unhealthy (promotion or fallback, {@code forced}); otherwise the key is skipped.
   */
  boolean probeOpenBreaker(boolean forced) {
    return forced;
  }

  /** The answer when the client went away: 503 overloaded (nobody reads it; it closes the exchange). */
  ClientAnswer clientGone() {
    return CLIENT_GONE;
  }

  /** The answer when no upstream was called: 503 overloaded, saying whether {@code kind} has channels. */
  ClientAnswer noChannel(ApiKind kind, boolean configured) {
    return ClientAnswer.error(503, ErrorType.OVERLOADED, configured
        ? "no active " + kind.pathName() + " channel with keys is available"
        : "no " + kind.pathName() + " channel is configured");
  }

  /**
   * The one answer when every channel failed, from the last upstream failure. Its error is relayed
   * when it is JSON in the client's protocol (the provider renders it so) and says something the
   * client can act on: a rate limit, an upstream outage, or a client error that fuzzy mode sent on.
   * Key and quota failures of our own accounts are not relayed: a 401 would make the client think its
   * own key is wrong. The status is remapped: 429 stays, 503 and 529 become 503, other 5xx 502.
   * Otherwise the router's own error: 504 after a timeout, 429 and 503 kept, else 502.
   *
   * @param last the last failure that came from an upstream
   * @param decision what {@link #decide} made of it
   * @param tally what the request tried, for the message
   */
  ClientAnswer allFailed(AttemptFailure last, Decision decision, Tally tally) {
    int failed = failedStatus(last);
    if (relayable(failed, last.clientBody(), decision)) {
      return ClientAnswer.relay(
          failed == 429 ? 429 : failed == 503 || failed == 529 ? 503 : failed >= 500 ? 502 : failed);
    }
    String message = "all " + tally.channels() + " " + tally.kind().pathName() + " channel(s) failed after "
        + tally.calls() + " upstream call(s) with " + tally.keys() + " key(s); last error: " + decision.reason();
    if (last.cause() instanceof IOException e && isTimeout(e)) {
      return ClientAnswer.error(504, ErrorType.TIMEOUT, message);
    }
    if (failed == 429) return ClientAnswer.error(429, ErrorType.RATE_LIMIT, message);
    if (failed == 503 || failed == 529) return ClientAnswer.error(503, ErrorType.OVERLOADED, message);
    return ClientAnswer.error(502, ErrorType.UPSTREAM, message);
  }

  /**
   * The status a failure stands for in the all-failed answer: the upstream's error status, 502 for
   * a 2xx body that is an error, 0 when the failure had no error status (IO, streams).
   */
  static int failedStatus(AttemptFailure f) {
    if (f.stage() == Stage.STATUS) return f.status();
    return f.stage() == Stage.ERROR_BODY ? 502 : 0;
  }

  private static boolean relayable(int status, byte[] body, Decision decision) {
    if (status == 0 || body == null || body.length == 0) return false;
    if (status != 429 && status < 500 && decision.channelFault()) return false;
    try {
      Json.parse(body);
      return true;
    } catch (MalformedJsonException e) {
      return false;
    }
  }

  /** A short description of an IO failure; OkHttp's read timeout and call timeout are told apart. */
  static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) return "read timeout";
    if (e instanceof InterruptedIOException) return "timeout";
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** True for an exception that means the call timed out (OkHttp: read or call timeout). */
  static boolean isTimeout(IOException e) {
    return e instanceof InterruptedIOException;
  }
}
