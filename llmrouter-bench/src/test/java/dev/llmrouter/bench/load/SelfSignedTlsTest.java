package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.providers.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The scale test's {@code --tls}: the mock answers HTTPS with a self-signed certificate for
 * 127.0.0.1, which the router's client for an {@code insecureSkipVerify} channel accepts.
 */
class SelfSignedTlsTest {
  @Test
  void theMockAnswersStreamsOverTls() throws Exception {
    try (MockUpstream mock = new MockUpstream(2, 0, 1, SelfSignedTls.serverContext())) {
      assertTrue(mock.baseUrl().startsWith("https://127.0.0.1:"), mock.baseUrl());
      OkHttpClient client = HttpTransport.createDefault().clientFor(Timeouts.DEFAULT, true, true);
      byte[] body = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, ",\"stream\":true")
          .getBytes(StandardCharsets.UTF_8);
      Request request = new Request.Builder().url(mock.baseUrl() + "/v1/messages")
          .post(RequestBody.create(body, MediaType.get("application/json"))).build();
      try (Response r = client.newCall(request).execute()) {
        assertEquals(200, r.code());
        assertTrue(r.handshake() != null, "not TLS");
        assertTrue(r.handshake().tlsVersion().javaName().startsWith("TLSv1."), r.handshake().toString());
        String events = r.body().string();
        assertTrue(events.contains("message_stop"), events);
      }
      client.connectionPool().evictAll();
    }
  }
}
