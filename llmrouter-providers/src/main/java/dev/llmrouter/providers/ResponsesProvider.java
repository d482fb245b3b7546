package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.providers.internal.CountTokensExchange;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.ResponsesStreamWatcher;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.util.List;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OpenAI Responses upstreams ({@code serviceType: "responses"}): {@code /responses} by rule R,
 * {@code Authorization: Bearer}. Responses clients are passed through with only the model
 * rewritten; {@code compact} goes to {@code /responses/compact}, never streamed, and only this
 * provider serves it. A Gemini client's {@code countTokens} is converted and counted by
 * {@code /responses/input_tokens}. Thread-safe.
 */
final class ResponsesProvider extends HttpProvider {
  /**
   * The members of a Responses request that {@code /responses/input_tokens} accepts
   * (https://platform.openai.com/docs/api-reference/responses/input-tokens).
   */
  private static final List<String> INPUT_TOKENS_FIELDS = List.of("model", "instructions", "input", "tools",
      "tool_choice", "parallel_tool_calls", "reasoning", "text", "truncation");

  ResponsesProvider(HttpTransport transport, Converter converter) {
    super(transport, converter);
  }

  @Override
  Protocol protocol() {
    return Protocol.RESPONSES;
  }

  @Override
  HeaderPolicy.Family family() {
    return HeaderPolicy.Family.OPENAI;
  }

  /**
   * Besides what every provider serves, Gemini's countTokens, through {@code /responses/input_tokens}.
   *
   * @param request the client's request
   * @return false for an operation this upstream cannot serve
   */
  @Override
  public boolean supports(ClientRequest request) {
    if (isGeminiCount(request)) return true;
    return super.supports(request);
  }

  @Override
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    ClientRequest req = call.request();
    String path = req.operation().equals("compact") ? "/responses/compact"
        : isGeminiCount(req) ? "/responses/input_tokens" : "/responses";
    return UpstreamUrls.v1(call.baseUrl(), path);
  }

  /** A Gemini countTokens body is converted like a generateContent request, then cut down to what input_tokens accepts. */
  @Override
  byte[] convertedBody(UpstreamCall call, ConvertContext context) {
    if (!isGeminiCount(call.request())) return super.convertedBody(call, context);
    return only(convertedCountRequest(call, context), INPUT_TOKENS_FIELDS);
  }

  @Override
  UpstreamExchange converted(UpstreamCall call, ConvertContext context, Call okCall, Response response,
      long headersNanos) {
    if (isGeminiCount(call.request())) return new CountTokensExchange(okCall, response, headersNanos, transport.limits().maxBodyBytes());
    return super.converted(call, context, okCall, response, headersNanos);
  }

  @Override
  void auth(Request.Builder b, UpstreamCall call) {
    b.header("Authorization", "Bearer " + call.apiKey());
  }

  @Override
  StreamWatcher newWatcher() {
    return new ResponsesStreamWatcher();
  }
}
