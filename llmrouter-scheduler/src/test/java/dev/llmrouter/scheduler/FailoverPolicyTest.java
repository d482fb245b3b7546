package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.FailoverPolicy.Action.CANCELLED;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.NEXT_BASE_URL;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.NEXT_CHANNEL;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.NEXT_KEY;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.RETURN_TO_CLIENT;
import static dev.llmrouter.scheduler.FailoverPolicy.Action.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.scheduler.FailoverPolicy.Action;
import dev.llmrouter.scheduler.FailoverPolicy.Decision;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failover table. Rows follow the original's classification tests (spec 7, F1 to F12) except
 * where llmrouter decides otherwise on purpose:
 * <ul>
 *   <li>F2/F4/F5 transient and server words ("Request timeout, please retry", "Server is
 *       overloaded", {@code server_error}, {@code internal_error}, {@code service_unavailable}) in a
 *       4xx body are relayed, not failed over: a 4xx fails over only for quota, billing or key
 *       problems (the status, not a word, says when the upstream itself is at fault).
 *   <li>F1 and F8 404/405/413/422 stay relayed, but a 404 whose message merely contains "invalid"
 *       ("Invalid model name") is relayed too: "invalid" and "token" alone are no markers.
 *   <li>Anthropic's {@code invalid_request_error} (in {@code error.type}) is a client error (the
 *       original read only {@code error.code}), unless the message names billing or a key, because
 *       Anthropic reports a low credit balance as a 400 {@code invalid_request_error}.
 *   <li>F9 fuzzy mode: 4xx and 3xx fail over as in the original, but without breaker penalty or
 *       cooldown (the "quota" flag of 402/429 is kept).
 *   <li>529 goes to the next channel and 408/5xx to the next base URL; the original tried the next
 *       key for all of them.
 * </ul>
 */
class FailoverPolicyTest {
  private final FailoverPolicy policy = new FailoverPolicy();

  private static Arguments row(int status, String body, boolean fuzzy, Action action, boolean quota, boolean fault) {
    return Arguments.of(status, body, fuzzy, action, quota, fault);
  }

  private static String msg(String message) {
    return "{\"error\":{\"message\":\"" + message + "\"}}";
  }

  private static String type(String type) {
    return "{\"error\":{\"message\":\"Error occurred\",\"type\":\"" + type + "\"}}";
  }

  static Stream<Arguments> table() {
    List<Arguments> rows = new ArrayList<>();
    // F1: status alone, normal mode.
    for (int s : new int[] {200, 201, 204}) rows.add(row(s, "{}", false, SUCCESS, false, false));
    for (int s : new int[] {401, 403}) rows.add(row(s, "{}", false, NEXT_KEY, false, true));
    for (int s : new int[] {402, 429}) rows.add(row(s, "{}", false, NEXT_KEY, true, true));
    rows.add(row(408, "{}", false, NEXT_BASE_URL, false, true));
    for (int s : new int[] {500, 502, 503, 504}) rows.add(row(s, "{}", false, NEXT_BASE_URL, false, true));
    rows.add(row(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
        false, NEXT_CHANNEL, false, true));
    for (int s : new int[] {400, 404, 405, 409, 413, 422, 451}) rows.add(row(s, "{}", false, RETURN_TO_CLIENT, false, false));
    for (int s : new int[] {301, 302}) rows.add(row(s, "", false, RETURN_TO_CLIENT, false, false));

    // Real client errors that the original's broad words failed over.
    rows.add(row(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
        + "\"max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens\"}}",
        false, RETURN_TO_CLIENT, false, false));
    rows.add(row(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
        + "\"prompt is too long: 210000 tokens > 200000 maximum\"}}", false, RETURN_TO_CLIENT, false, false));
    rows.add(row(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your"
        + " messages resulted in 130000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
        + "\"code\":\"context_length_exceeded\"}}", false, RETURN_TO_CLIENT, false, false));
    rows.add(row(400, msg("Invalid request: messages.0.content is required"), false, RETURN_TO_CLIENT, false, false));
    rows.add(row(404, msg("Invalid model name"), false, RETURN_TO_CLIENT, false, false));
    rows.add(row(400, msg("tools.0.input_schema: Invalid key 'x' in properties"), false, RETURN_TO_CLIENT, false, false));
    rows.add(row(413, "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds"
        + " the maximum size\"}}", false, RETURN_TO_CLIENT, false, false));
    rows.add(row(422, msg("Unprocessable: token count invalid"), false, RETURN_TO_CLIENT, false, false));
    // Anthropic's billing error is a 400 invalid_request_error: the marker wins.
    rows.add(row(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Your credit"
        + " balance is too low to access the Anthropic API.\"}}", false, NEXT_KEY, true, true));
    // Vendors' quota and key errors.
    rows.add(row(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\"}}",
        false, NEXT_KEY, true, true));
    rows.add(row(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
        + "\"status\":\"RESOURCE_EXHAUSTED\"}}", false, NEXT_KEY, true, true));
    rows.add(row(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
        + "\"status\":\"INVALID_ARGUMENT\"}}", false, NEXT_KEY, false, true));

    // F8: normal mode with bodies.
    String preDeduct = "{\"error\":{\"type\":\"new_api_error\",\"message\":\"预扣费额度失败, 用户剩余额度: ¥0.053950,"
        + " 需要预扣费额度: ¥0.191160, 下次重置时间: 2025-01-01 00:00:00\"},\"type\":\"error\"}";
    rows.add(row(403, preDeduct, false, NEXT_KEY, true, true));
    rows.add(row(400, msg("Quota exceeded"), false, NEXT_KEY, true, true));
    rows.add(row(400, msg("Invalid API key"), false, NEXT_KEY, false, true));
    rows.add(row(400, msg("Bad request"), false, RETURN_TO_CLIENT, false, false));
    rows.add(row(500, msg("Quota exceeded"), false, NEXT_KEY, true, true));

    // F2/F3: message classification (in a 400 body, where only the message can decide).
    for (String m : List.of("You have insufficient credits", "API quota exceeded for this month",
        "Rate limit exceeded, please retry later", "Account balance is zero", "Billing issue detected",
        "您的积分不足，请充值", "账户余额不足", "已达到请求数限制", "预扣费额度失败, 用户剩余额度: ¥0.053950", "账户额度不足",
        "预扣费失败，请充值")) {
      rows.add(row(400, msg(m), false, NEXT_KEY, true, true));
    }
    for (String m : List.of("Invalid API key provided", "Unauthorized access", "Your token has expired",
        "Permission denied for this resource", "密钥无效，请检查")) {
      rows.add(row(400, msg(m), false, NEXT_KEY, false, true));
    }
    for (String m : List.of("Request timeout, please retry", "Server is overloaded", "Service temporarily unavailable",
        "请求超时", "Something went wrong", "Field 'name' is required", "")) {
      rows.add(row(400, msg(m), false, RETURN_TO_CLIENT, false, false));
    }
    // F4: error.type classification.
    for (String t : List.of("over_quota", "quota_exceeded", "rate_limit_exceeded", "billing_error", "insufficient_funds")) {
      rows.add(row(400, type(t), false, NEXT_KEY, true, true));
    }
    for (String t : List.of("authentication_error", "invalid_api_key", "permission_denied")) {
      rows.add(row(400, type(t), false, NEXT_KEY, false, true));
    }
    for (String t : List.of("server_error", "internal_error", "service_unavailable", "invalid_request",
        "validation_error", "unknown_error")) {
      rows.add(row(400, type(t), false, RETURN_TO_CLIENT, false, false));
    }
    // F5/F6: body shapes.
    rows.add(row(400, "{\"error\":{\"message\":\"You have exceeded your quota\",\"type\":\"error\"}}", false, NEXT_KEY, true, true));
    rows.add(row(400, "{\"error\":{\"message\":\"Bad request format\",\"type\":\"invalid_request\"}}", false,
        RETURN_TO_CLIENT, false, false));
    rows.add(row(400, "{\"status\":\"error\"}", false, RETURN_TO_CLIENT, false, false));
    rows.add(row(400, "{\"error\":{\"type\":\"upstream_error\",\"upstream_error\":\"Invalid API key provided\"}}",
        false, NEXT_KEY, false, true));
    rows.add(row(400, "{\"error\":{\"type\":\"upstream_error\",\"upstream_error\":\"Rate limit exceeded, please retry"
        + " later\"}}", false, NEXT_KEY, true, true));
    rows.add(row(400, "{\"error\":{\"type\":\"upstream_error\",\"upstream_error\":{\"message\":\"Insufficient"
        + " credits\"}}}", false, NEXT_KEY, true, true));
    rows.add(row(400, "{\"error\":{\"type\":\"error\",\"detail\":\"Token expired, please refresh\"}}", false, NEXT_KEY,
        false, true));
    for (String b : new String[] {"not json", "{invalid}", ""}) rows.add(row(400, b, false, RETURN_TO_CLIENT, false, false));
    rows.add(row(502, "not json", false, NEXT_BASE_URL, false, true));

    // F11/F12: moderation refusals are relayed on any status, in both modes.
    String sensitive = "{\"error\":{\"message\":\"sensitive words detected\",\"type\":\"new_api_error\",\"param\":\"\","
        + "\"code\":\"sensitive_words_detected\"}}";
    rows.add(row(500, sensitive, false, RETURN_TO_CLIENT, false, false));
    rows.add(row(500, sensitive, true, RETURN_TO_CLIENT, false, false));
    rows.add(row(400, sensitive, false, RETURN_TO_CLIENT, false, false));
    for (String code : List.of("content_policy_violation", "CONTENT_FILTER", "Content_Blocked", "moderation_blocked")) {
      rows.add(row(400, "{\"error\":{\"message\":\"quota of rude words exceeded\",\"code\":\"" + code + "\"}}", false,
          RETURN_TO_CLIENT, false, false));
    }
    rows.add(row(500, "{\"error\":{\"message\":\"boom\",\"code\":\"server_error\"}}", false, NEXT_BASE_URL, false, true));

    // F9/F10: fuzzy mode.
    for (int s : new int[] {200, 201}) rows.add(row(s, "", true, SUCCESS, false, false));
    for (int s : new int[] {301, 302, 400, 404, 422}) rows.add(row(s, "", true, NEXT_KEY, false, false));
    for (int s : new int[] {401, 403}) rows.add(row(s, "", true, NEXT_KEY, false, true));
    for (int s : new int[] {402, 429}) rows.add(row(s, "", true, NEXT_KEY, true, true));
    for (int s : new int[] {500, 502, 503}) rows.add(row(s, "", true, NEXT_BASE_URL, false, true));
    rows.add(row(403, preDeduct, true, NEXT_KEY, true, true));
    rows.add(row(403, msg("余额不足，请充值"), true, NEXT_KEY, true, true));
    rows.add(row(403, msg("Access denied"), true, NEXT_KEY, false, true));
    rows.add(row(500, msg("Quota exceeded"), true, NEXT_KEY, true, true));
    rows.add(row(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens\"}}",
        true, NEXT_KEY, false, false));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} fuzzy={2} {1} -> {3}")
  @MethodSource("table")
  void classifiesStatusAndBody(int status, String body, boolean fuzzy, Action action, boolean quota, boolean fault) {
    Decision d = policy.classify(status, body.getBytes(StandardCharsets.UTF_8), fuzzy);
    assertEquals(action, d.action(), d.reason());
    assertEquals(quota, d.quota(), "quota");
    assertEquals(fault, d.channelFault(), "channelFault");
  }

  static Stream<Arguments> exceptions() {
    return Stream.of(
        Arguments.of(new SocketTimeoutException("timeout"), false, NEXT_BASE_URL, true, "read timeout"),
        Arguments.of(new InterruptedIOException("timeout"), false, NEXT_BASE_URL, true, "timeout"),
        Arguments.of(new ConnectException("Failed to connect"), false, NEXT_BASE_URL, true, "Failed to connect"),
        Arguments.of(new UnknownHostException("nowhere.invalid"), false, NEXT_BASE_URL, true, "nowhere.invalid"),
        Arguments.of(new IOException("unexpected end of stream"), false, NEXT_BASE_URL, true, "unexpected end of stream"),
        Arguments.of(new IOException("Connection reset"), false, NEXT_BASE_URL, true, "Connection reset"),
        Arguments.of(new IOException("Broken pipe"), false, NEXT_BASE_URL, true, "Broken pipe"),
        Arguments.of(new IOException("Canceled"), true, CANCELLED, false, "client went away"),
        Arguments.of(new SocketTimeoutException("timeout"), true, CANCELLED, false, "client went away"));
  }

  @ParameterizedTest(name = "{0} clientGone={1} -> {2}")
  @MethodSource("exceptions")
  void classifiesExceptions(IOException e, boolean clientGone, Action action, boolean fault, String reason) {
    Decision d = policy.classify(e, clientGone);
    assertEquals(action, d.action());
    assertEquals(fault, d.channelFault());
    assertEquals(false, d.quota());
    assertEquals(reason, d.reason());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|true",
      "{\"error\":{\"message\":\"upstream quota\",\"type\":\"new_api_error\"}}|true",
      "{\"error\":{\"code\":500,\"message\":\"Internal\",\"status\":\"INTERNAL\"}}|true",
      "{\"error\":\"no channel available\"}|true",
      "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"error\":null,\"output\":[]}|false",
      "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"the \\\"error\\\" word\"}]}|false",
      "{\"error\":\"\"}|false",
      "not json \"error\"|false",
      "[]|false"})
  void recognisesErrorBodiesSentWithA2xxStatus(String body, boolean error) {
    assertEquals(error, policy.isErrorBody(body.getBytes(StandardCharsets.UTF_8)));
  }

  @org.junit.jupiter.api.Test
  void inBandErrorFailsOverAndInternalErrorsCarryNoPenalty() {
    assertEquals(new Decision(NEXT_BASE_URL, false, true, "in-band error before the first event"), policy.inBandError());
    Decision internal = policy.internalError(new IllegalStateException("bug"));
    assertEquals(NEXT_CHANNEL, internal.action());
    assertEquals(false, internal.channelFault());
  }
}
