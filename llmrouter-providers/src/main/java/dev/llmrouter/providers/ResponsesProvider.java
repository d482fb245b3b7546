package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.ResponsesStreamWatcher;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import okhttp3.Request;

/**
 * OpenAI Responses upstreams ({@code serviceType: "responses"}): {@code /responses} by rule R,
 * {@code Authorization: Bearer}. Responses clients are passed through with only the model
 * rewritten; {@code compact} goes to {@code /responses/compact}, never streamed, and only this
 * provider serves it.
 */
final class ResponsesProvider extends HttpProvider {
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
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    boolean compact = call.request().operation().equals("compact");
    return UpstreamUrls.v1(call.baseUrl(), compact ? "/responses/compact" : "/responses");
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
