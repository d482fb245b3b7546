package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.providers.internal.GeminiSignatures;
import dev.llmrouter.providers.internal.GeminiStreamWatcher;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.util.function.BiConsumer;

/**
 * Google Gemini upstreams ({@code serviceType: "gemini"}): {@code /v1beta/models/<model>:generateContent},
 * {@code :streamGenerateContent?alt=sse} or {@code :countTokens} (the version is added unless the
 * base has one, or ends in {@code #}), auth {@code x-goog-api-key}. The model goes in the URL (the
 * mapped one). Gemini clients are passed through losslessly; only the channel's thought-signature
 * options, when set, change the body. Thread-safe.
 */
final class GeminiProvider extends HttpProvider {
  GeminiProvider(HttpTransport transport, Converter converter) {
    super(transport, converter);
  }

  @Override
  Protocol protocol() {
    return Protocol.GEMINI;
  }

  @Override
  HeaderPolicy.Family family() {
    return HeaderPolicy.Family.GEMINI;
  }

  @Override
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    String model = call.model() == null ? "" : call.model();
    if (model.startsWith("models/")) model = model.substring("models/".length());
    String action = call.request().operation().equals("countTokens") ? ":countTokens"
        : stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return UpstreamUrls.join(call.baseUrl(), "/v1beta", "/models/" + model + action);
  }

  @Override
  void auth(BiConsumer<String, String> b, UpstreamCall call) {
    b.accept("x-goog-api-key", call.apiKey());
  }

  @Override
  byte[] passthroughBody(UpstreamCall call) {
    return GeminiSignatures.apply(call.request().body(), call.channel().stripThoughtSignature(),
        call.channel().injectDummyThoughtSignature());
  }

  @Override
  StreamWatcher newWatcher() {
    return new GeminiStreamWatcher();
  }
}
