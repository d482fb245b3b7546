package dev.llmrouter.server.tokens;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.convert.tokens.TokenEstimator;

/**
 * The local answer to a Gemini {@code countTokens} call that no upstream counted: channels that
 * can count (gemini, claude, responses) are asked first; when the Gemini kind has none of them (Chat
 * Completions has no count endpoint) or the count failed upstream, the {@link TokenEstimator}
 * answers. A client's own bad request (400, 413) is relayed, never estimated. Stateless.
 */
public final class GeminiCounts {
  private GeminiCounts() {}

  /**
   * Tells whether the router's answer to a request is replaced by the local estimate.
   *
   * @param request the client's request
   * @param status the status the router answered
   * @return true for a Gemini countTokens whose answer is not a count and not the client's own error
   */
  public static boolean estimateInstead(ClientRequest request, int status) {
    return request.kind() == ApiKind.GEMINI && request.operation().equals("countTokens") && status != 200
        && status != 400 && status != 413;
  }

  /**
   * The local estimate of a countTokens body: {@code contents}, or a whole {@code generateContentRequest}.
   *
   * @param body the client's body
   * @return {@code {"totalTokens": N}}, or null when the body is not a JSON object
   */
  public static byte[] estimate(byte[] body) {
    JsonObject request;
    try {
      JsonValue parsed = Json.parse(body);
      request = parsed.asObject();
    } catch (MalformedJsonException e) {
      return null;
    }
    if (request == null) return null;
    JsonObject inner = request.getObject("generateContentRequest");
    long tokens = TokenEstimator.geminiRequest(inner != null ? inner : request);
    return Json.write(new JsonObject().put("totalTokens", tokens));
  }
}
