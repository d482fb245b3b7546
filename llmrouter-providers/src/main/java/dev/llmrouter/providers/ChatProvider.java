package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.providers.internal.ChatStreamWatcher;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.util.function.BiConsumer;

/**
 * OpenAI Chat Completions upstreams ({@code serviceType: "openai"}): {@code /chat/completions} by
 * rule R, {@code Authorization: Bearer} whatever the key looks like. No client API speaks Chat
 * Completions, so requests are always converted. Thread-safe.
 */
final class ChatProvider extends HttpProvider {
  ChatProvider(HttpTransport transport, Converter converter) {
    super(transport, converter);
  }

  @Override
  Protocol protocol() {
    return Protocol.OPENAI_CHAT;
  }

  @Override
  HeaderPolicy.Family family() {
    return HeaderPolicy.Family.OPENAI;
  }

  @Override
  String url(UpstreamCall call, boolean passthrough, boolean stream) {
    return UpstreamUrls.v1(call.baseUrl(), "/chat/completions");
  }

  @Override
  void auth(BiConsumer<String, String> b, UpstreamCall call) {
    b.accept("Authorization", "Bearer " + call.apiKey());
  }

  @Override
  StreamWatcher newWatcher() {
    return new ChatStreamWatcher();
  }
}
