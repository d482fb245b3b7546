package dev.llmrouter.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Channel;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ChannelPingTest {
  private final OkHttpClient base = new OkHttpClient();
  private final ChannelPing ping = new ChannelPing(base, Duration.ofMillis(700), System::nanoTime);

  private static Channel.Builder channel() {
    return Channel.builder().id("ch-a").serviceType("claude").baseUrl("https://a.example.com").apiKeys("sk-a-123456789");
  }

  @Test
  void channelsThatSkipCertificateChecksArePingedTheSameWay() {
    OkHttpClient verifying = ping.clientFor(channel().build());
    OkHttpClient insecure = ping.clientFor(channel().insecureSkipVerify(true).build());
    assertTrue(verifying.x509TrustManager().getAcceptedIssuers().length > 0, "the normal client checks certificates");
    assertEquals(0, insecure.x509TrustManager().getAcceptedIssuers().length, "the insecure client trusts any certificate");
    for (OkHttpClient c : new OkHttpClient[] {verifying, insecure}) {
      assertFalse(c.followRedirects(), "a redirect could carry the key to another host");
      assertEquals(700, c.callTimeoutMillis());
      assertSame(base.connectionPool(), c.connectionPool());
      assertSame(base.dispatcher(), c.dispatcher());
    }
  }
}
