package dev.llmrouter.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * One MockWebServer upstream, one OkHttp client that records cancelled calls, and the standard
 * providers over a {@link TagConverter}. {@link #close()} checks that no connection leaked.
 */
final class ProviderFixture implements AutoCloseable {
  static final String ACCESS_KEY = "client-access-key-should-never-leave";

  /** Short enough that a broken test fails instead of hanging. */
  static final Timeouts TIMEOUTS = new Timeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10),
      java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(10));

  final MockWebServer upstream = new MockWebServer();
  final List<Call> cancelled = new CopyOnWriteArrayList<>();
  final OkHttpClient client;
  final TagConverter converter = new TagConverter();
  final Map<String, Provider> providers;

  ProviderFixture() throws IOException {
    upstream.start();
    client = HttpTransport.defaultClientBuilder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelled.add(call);
      }
    }).build();
    providers = Providers.standard(new HttpTransport(client), converter);
  }

  Provider provider(String serviceType) {
    return providers.get(serviceType);
  }

  Channel.Builder channel(String serviceType, String key) {
    return Channel.builder().id("ch-" + serviceType).name(serviceType).serviceType(serviceType)
        .baseUrl(upstream.url("/").toString()).apiKeys(key);
  }

  /** Client headers as a typical SDK sends them, with the router's access key and some that must never travel. */
  static HttpHeaders clientHeaders() {
    return HttpHeaders.of("x-api-key", ACCESS_KEY, "Authorization", "Bearer " + ACCESS_KEY,
        "x-goog-api-key", ACCESS_KEY, "Cookie", "session=secret", "X-Forwarded-For", "10.0.0.1",
        "X-Forwarded-Host", "router.example", "anthropic-beta", "tools-2024", "anthropic-version", "2023-01-01",
        "openai-beta", "responses=v1", "x-goog-api-client", "genai-js/1.0", "User-Agent", "sdk/1.0",
        "Accept-Encoding", "br", "Connection", "keep-alive", "x-stainless-lang", "js");
  }

  static ClientRequest request(ApiKind kind, String operation, String path, String body, String model, boolean stream,
      HttpHeaders headers) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new ClientRequest(kind, operation, path, null, headers, bytes, RoutingFields.scan(bytes), model, stream);
  }

  static UpstreamCall call(ClientRequest request, Channel channel, String mappedModel, CancelSignal cancel) {
    return new UpstreamCall(request, channel, channel.effectiveBaseUrl(), channel.apiKeys().get(0), mappedModel, cancel,
        TIMEOUTS);
  }

  static UpstreamCall call(ClientRequest request, Channel channel, String mappedModel) {
    return call(request, channel, mappedModel, new CancelSignal());
  }

  /** Reads every frame of a stream and returns them joined, each one's error flag marked with "!". */
  static String drain(UpstreamExchange ex) throws IOException {
    StringBuilder sb = new StringBuilder();
    StreamFrame f;
    while ((f = ex.nextFrame()) != null) {
      if (f.error()) sb.append('!');
      sb.append(f.text());
    }
    return sb.toString();
  }

  @Override
  public void close() {
    upstream.close();
    client.connectionPool().evictAll();
    assertEquals(0, client.connectionPool().connectionCount(), "leaked upstream connections");
    client.dispatcher().executorService().shutdown();
  }
}
