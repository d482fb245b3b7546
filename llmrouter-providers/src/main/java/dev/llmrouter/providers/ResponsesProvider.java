package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.ResponsesStreamWatcher;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.util.List;
import java.util.function.BiConsumer;

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

  @Override
  List<String> countTokensFields() {
    return INPUT_TOKENS_FIELDS;
  }

  @Override
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    ClientRequest req = call.request();
    String path = req.operation().equals("compact") ? "/responses/compact"
        : isGeminiCount(req) ? "/responses/input_tokens" : "/responses";
    return UpstreamUrls.v1(call.baseUrl(), path);
  }

  @Override
  void auth(BiConsumer<String, String> b, UpstreamCall call) {
    b.accept("Authorization", "Bearer " + call.apiKey());
  }

  @Override
  StreamWatcher newWatcher() {
    return new ResponsesStreamWatcher();
  }
}
