package dev.llmrouter.server;

import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.ModelLister;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.models.ModelCatalog;
import dev.llmrouter.server.models.ModelRoutes;
import dev.llmrouter.server.tokens.CountTokensHandler;
import dev.llmrouter.server.tokens.CountTokensMode;
import dev.llmrouter.server.tokens.TokenRoutes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real server with the count_tokens and model routes in front of MockWebServer upstreams, with
 * a settable clock for the model cache. Close it after each test.
 */
final class ApiHarness implements AutoCloseable {
  static final String ACCESS_KEY = Harness.ACCESS_KEY;

  /** A clock that moves only when told to. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  final List<MockWebServer> upstreams = new ArrayList<>();
  final MutableClock clock = new MutableClock();
  final OkHttpClient upstreamClient = HttpTransport.defaultClientBuilder().build();
  final Router router;
  final RouterServer server;
  final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

  ApiHarness(int upstreamCount, CountTokensMode mode, Duration modelsTtl) throws IOException {
    for (int i = 0; i < upstreamCount; i++) {
      MockWebServer s = new MockWebServer();
      s.start();
      upstreams.add(s);
    }
    HttpTransport transport = new HttpTransport(upstreamClient);
    router = Router.builder().providers(Providers.standard(transport, Converters.standard()))
        .snapshot(ChannelSnapshot.empty()).build();
    ModelLister lister = new ModelLister(transport, clock, modelsTtl, Duration.ofSeconds(5));
    server = RouterServer.start(router, RouterServer.options().port(0).accessKey(ACCESS_KEY)
        .shutdownGrace(Duration.ofSeconds(1))
        .routes(new TokenRoutes(new CountTokensHandler(router, mode, 1024 * 1024)))
        .routes(new ModelRoutes(new ModelCatalog(lister, router::snapshot))));
  }

  MockWebServer upstream(int i) {
    return upstreams.get(i);
  }

  String baseUrl(int i) {
    return upstreams.get(i).url("/").toString();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  Response call(Request request) throws IOException {
    return client.newCall(request).execute();
  }

  @Override
  public void close() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    upstreamClient.connectionPool().evictAll();
    for (MockWebServer s : upstreams) s.close();
  }
}
