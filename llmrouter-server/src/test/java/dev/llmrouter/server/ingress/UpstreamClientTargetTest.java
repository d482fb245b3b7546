package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a call's URL gives its connection and request line, and that it is parsed once. */
class UpstreamClientTargetTest {
  @Test
  void plainUrlWithPortPathAndQuery() throws Exception {
    UpstreamClient.Target t = UpstreamClient.Target.of("http://127.0.0.1:8080/v1/messages?beta=true");
    assertEquals("http://127.0.0.1:8080", t.address());
    assertEquals("127.0.0.1:8080", t.hostHeader());
    assertEquals("/v1/messages?beta=true", t.path());
    assertFalse(t.https());
  }

  @Test
  void defaultPortsAreInTheAddressNotInTheHostHeader() throws Exception {
    UpstreamClient.Target https = UpstreamClient.Target.of("https://api.example.com/v1/messages");
    assertEquals("https://api.example.com:443", https.address());
    assertEquals("api.example.com", https.hostHeader());
    assertTrue(https.https());
    assertEquals("http://relay.example.com:80", UpstreamClient.Target.of("http://relay.example.com").address());
    assertEquals("/", UpstreamClient.Target.of("http://relay.example.com").path());
  }

  @Test
  void ipv6HostIsBracketedInTheHostHeader() throws Exception {
    UpstreamClient.Target t = UpstreamClient.Target.of("http://[::1]:9000/x");
    assertEquals("[::1]:9000", t.hostHeader());
    assertEquals("/x", t.path());
  }

  @Test
  void encodedPathAndQueryStayAsSent() throws Exception {
    UpstreamClient.Target t = UpstreamClient.Target.of("https://h/v1beta/models/a%2Fb:streamGenerateContent?alt=sse&x=%20");
    assertEquals("/v1beta/models/a%2Fb:streamGenerateContent?alt=sse&x=%20", t.path());
  }

  @Test
  void failuresNameTheUpstreamWithoutItsPathOrQueryAsOkHttpDoes() throws Exception {
    // A Gemini key may be in the query: failures, which reach clients and logs, never show it.
    assertEquals("http://127.0.0.1:8080/...", UpstreamClient.Target.of("http://127.0.0.1:8080/v1/x?key=AIza-1").display());
    assertEquals("https://api.example.com/...", UpstreamClient.Target.of("https://api.example.com:443/v1").display());
    assertEquals("http://[::1]:9000/...", UpstreamClient.Target.of("http://[::1]:9000/x").display());
  }

  @Test
  void notAnHttpUrlIsRefused() {
    assertThrows(URISyntaxException.class, () -> UpstreamClient.Target.of("ftp://h/x"));
    assertThrows(URISyntaxException.class, () -> UpstreamClient.Target.of("http:///nohost"));
    assertThrows(URISyntaxException.class, () -> UpstreamClient.Target.of("http://h/ bad"));
  }

  @Test
  void aUrlIsParsedOnceAndTheCacheIsBounded() throws Exception {
    try (UpstreamClient client = new UpstreamClient(Duration.ofSeconds(1))) {
      UpstreamClient.Target first = client.target("http://h:1/v1/messages");
      assertSame(first, client.target("http://h:1/v1/messages"));
      for (int i = 0; i < 1_000; i++) {
        client.target("http://h:1/v1/messages?n=" + i);
        assertTrue(client.cachedTargets() <= 256, "kept " + client.cachedTargets());
      }
      UpstreamClient.Target again = client.target("http://h:1/v1/messages");
      assertEquals(first, again);
    }
  }
}
