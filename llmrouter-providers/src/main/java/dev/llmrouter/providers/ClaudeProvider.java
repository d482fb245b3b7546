package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.providers.internal.ClaudeStreamWatcher;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import okhttp3.Request;

/**
 * Anthropic Messages upstreams ({@code serviceType: "claude"}). Auth is {@code x-api-key} plus
 * {@code anthropic-version} (the client's when it sent one, else {@value #DEFAULT_VERSION}).
 * Messages clients are passed through to the client's own path and query ({@code /messages},
 * {@code /messages/count_tokens}); Responses and Gemini clients are converted and sent to
 * {@code /messages}.
 */
final class ClaudeProvider extends HttpProvider {
  static final String DEFAULT_VERSION = "2023-06-01";

  ClaudeProvider(HttpTransport transport, Converter converter) {
    super(transport, converter);
  }

  @Override
  Protocol protocol() {
    return Protocol.CLAUDE;
  }

  @Override
  HeaderPolicy.Family family() {
    return HeaderPolicy.Family.ANTHROPIC;
  }

  @Override
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    ClientRequest req = call.request();
    if (passthrough) {
      return UpstreamUrls.withQuery(UpstreamUrls.v1(call.baseUrl(), UpstreamUrls.stripVersion(req.path())),
          req.rawQuery());
    }
    return UpstreamUrls.v1(call.baseUrl(), "/messages");
  }

  @Override
  void auth(Request.Builder b, UpstreamCall call) {
    b.header("x-api-key", call.apiKey());
    if (call.request().headers().get("anthropic-version") == null) b.header("anthropic-version", DEFAULT_VERSION);
  }

  @Override
  StreamWatcher newWatcher() {
    return new ClaudeStreamWatcher();
  }
}
