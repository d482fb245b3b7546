package dev.llmrouter.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS server context with a self-signed certificate for 127.0.0.1, made by the JDK's own
 * {@code keytool} (an EC P-256 key, valid two days) in a temporary directory: the mock upstream
 * speaks HTTPS with it, so that the router's upstream connections are TLS ones, as they are in
 * front of a vendor. Clients must skip the certificate check (a channel's
 * {@code insecureSkipVerify}).
 */
final class SelfSignedTls {
  private SelfSignedTls() {}

  private static final char[] PASSWORD = "bench-only".toCharArray();

  static SSLContext serverContext() throws IOException, InterruptedException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("llmrouter-bench-tls");
    try {
      Path store = dir.resolve("mock.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "mock", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
          "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD)))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new IOException("keytool failed: " + output);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } finally {
      TempDirs.release(dir);
    }
  }
}
