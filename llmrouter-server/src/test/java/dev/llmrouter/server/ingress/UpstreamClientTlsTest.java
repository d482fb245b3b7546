package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.PushedExchange;
import dev.llmrouter.api.provider.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The IO thread's upstream client over TLS, against an HTTPS upstream with a certificate made for
 * the test: a certificate the client trusts for the host it asked for is accepted; one it does not
 * trust, or one for another host name, fails the call before a byte of the request is answered.
 */
class UpstreamClientTlsTest {
  /** Connect and response headers 5 s each; no total or idle timeout (the answer is a stream). */
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO,
      Duration.ZERO);

  @TempDir static Path dir;
  private static XnioWorker worker;
  private static SSLContext localhostCert;
  private static SSLContext otherHostCert;

  @BeforeAll
  static void start() throws Exception {
    worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
    localhostCert = context(keyStore("localhost", "dns:localhost,ip:127.0.0.1"));
    otherHostCert = context(keyStore("other", "dns:other.example"));
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
  }

  /** A PKCS#12 key store with one self-signed certificate, made by the JDK's keytool. */
  private static Path keyStore(String name, String san) throws Exception {
    Path file = dir.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-alias", name, "-dname", "CN=" + name,
        "-ext", "SAN=" + san, "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    try (InputStream out = p.getInputStream()) {
      out.readAllBytes();
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed");
    return file;
  }

  private static SSLContext context(Path keyStore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  /** A request to {@code url}: a stream of one event comes back. */
  private static DirectCall call(String url) {
    return new DirectCall() {
      @Override public String url() { return url; }
      @Override public HttpHeaders headers() { return HttpHeaders.of("Content-Type", "application/json"); }
      @Override public byte[] body() { return "{\"stream\":true}".getBytes(StandardCharsets.UTF_8); }
      @Override
      public PushedExchange answer(int status, HttpHeaders headers, long headersNanos, Runnable abort) {
        // Never asked: these tests read the answer's body from the call themselves.
        throw new AssertionError("not used by these tests");
      }
    };
  }

  /** Sends on an IO thread; the answer's status and whole body, or the failure. */
  private static Object send(UpstreamClient client, String url) throws Exception {
    Object got = UpstreamCalls.send(worker.getIoThread(), client, call(url), TIMEOUTS, 4096);
    return got instanceof UpstreamCalls.Answer a ? a.status() + " " + a.body() : got;
  }

  private static MockWebServer https(SSLContext cert) throws IOException {
    MockWebServer upstream = new MockWebServer();
    upstream.useHttps(cert.getSocketFactory());
    upstream.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: {\"ok\":true}\n\n").build());
    return upstream;
  }

  @Test
  void aTrustedCertificateForTheHostIsAccepted() throws Exception {
    try (MockWebServer upstream = https(localhostCert);
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), localhostCert, Runnable::run)) {
      Object answer = send(client, "https://localhost:" + upstream.getPort() + "/v1/messages?beta=true");
      assertEquals("200 data: {\"ok\":true}\n\n", answer);
      var got = upstream.takeRequest();
      assertEquals("/v1/messages?beta=true", got.getTarget());
      assertEquals("{\"stream\":true}", got.getBody().utf8());
    }
  }

  @Test
  void aCertificateTheClientDoesNotTrustFailsTheCall() throws Exception {
    try (MockWebServer upstream = https(localhostCert);
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5))) {
      Object answer = send(client, "https://localhost:" + upstream.getPort() + "/v1/messages");
      assertTrue(answer instanceof IOException, String.valueOf(answer));
      assertNull(upstream.takeRequest(200, TimeUnit.MILLISECONDS), "the request was answered");
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostFailsTheCall() throws Exception {
    // The client trusts the certificate itself, but it names other.example, not localhost.
    try (MockWebServer upstream = https(otherHostCert);
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), otherHostCert, Runnable::run)) {
      Object answer = send(client, "https://localhost:" + upstream.getPort() + "/v1/messages");
      assertTrue(answer instanceof IOException, String.valueOf(answer));
      assertNotNull(answer);
      assertNull(upstream.takeRequest(200, TimeUnit.MILLISECONDS), "the request was answered");
    }
  }
}
