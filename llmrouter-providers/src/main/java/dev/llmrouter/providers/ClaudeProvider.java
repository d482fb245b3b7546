package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.providers.internal.ClaudeStreamWatcher;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Anthropic Messages upstreams ({@code serviceType: "claude"}). Auth is {@code x-api-key} plus
 * {@code anthropic-version} (the client's when it sent one, else {@value #DEFAULT_VERSION}).
 * Messages clients are passed through to the client's own path and query ({@code /messages},
 * {@code /messages/count_tokens}); Responses and Gemini clients are converted and sent to
 * {@code /messages}, and Gemini's {@code countTokens} to {@code /messages/count_tokens}.
 * Thread-safe.
 */
final class ClaudeProvider extends HttpProvider {
  static final String DEFAULT_VERSION = "2023-06-01";
  /** The members of a Messages request that count_tokens accepts. */
  private static final List<String> COUNT_TOKENS_FIELDS = List.of("model", "system", "messages", "tools",
      "tool_choice", "thinking");

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
  List<String> countTokensFields() {
    return COUNT_TOKENS_FIELDS;
  }

  @Override
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    ClientRequest req = call.request();
    if (passthrough) {
      return UpstreamUrls.withQuery(UpstreamUrls.v1(call.baseUrl(), UpstreamUrls.stripVersion(req.path())),
          req.rawQuery());
    }
    return UpstreamUrls.v1(call.baseUrl(), isGeminiCount(req) ? "/messages/count_tokens" : "/messages");
  }

  @Override
  void auth(BiConsumer<String, String> b, UpstreamCall call) {
    b.accept("x-api-key", call.apiKey());
    if (call.request().headers().get("anthropic-version") == null) b.accept("anthropic-version", DEFAULT_VERSION);
  }

  @Override
  StreamWatcher newWatcher() {
    return new ClaudeStreamWatcher();
  }
}
