package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The scale test's {@code --tls}: the mock answers HTTPS with a self-signed certificate for 127.0.0.1. */
class SelfSignedTlsTest {
  @Test
  void theMockAnswersStreamsOverTls() throws Exception {
    try (MockUpstream mock = new MockUpstream(2, 0, 1, SelfSignedTls.serverContext())) {
      assertTrue(mock.baseUrl().startsWith("https://127.0.0.1:"), mock.baseUrl());
      X509TrustManager anyCertificate = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {anyCertificate}, null);
      OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(ctx.getSocketFactory(), anyCertificate)
          .hostnameVerifier((host, session) -> true).build();
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
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
