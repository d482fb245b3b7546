package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server as a real process, stopped with SIGTERM while a stream waits on a silent
 * upstream: the stream ends with an error event after SHUTDOWN_GRACE_S, the attempt reaches the
 * SQLite history, and the process exits promptly.
 */
class SigtermProcessTest {
  private static final String KEY = "sigterm-test-key-0123456789";

  @TempDir Path dir;

  @Test
  void sigtermEndsTheStreamWithAnErrorEventFlushesMetricsAndExits() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      List<String> halves = StreamKeepAliveTest.splitAfterFirstText(
          Files.readString(StreamKeepAliveTest.FIXTURES.resolve("claude").resolve("stream_text.sse")));
      GatedBody body = new GatedBody(halves, 0);
      upstream.enqueue(body.chunkedSse().build());
      Files.createDirectories(dir.resolve(".config"));
      Files.writeString(dir.resolve(".config/config.json"), "{\"upstream\":[{\"name\":\"up\",\"serviceType\":\"claude\","
          + "\"baseUrl\":\"" + upstream.url("/") + "\",\"apiKeys\":[\"sk-ant-sigterm-0000\"]}],"
          + "\"responsesUpstream\":[],\"geminiUpstream\":[]}");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "dev.llmrouter.server.Main").directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("PORT", "0");
      pb.environment().put("LISTEN_HOST", "127.0.0.1");
      pb.environment().put("PROXY_ACCESS_KEY", KEY);
      pb.environment().put("SHUTDOWN_GRACE_S", "1");
      Process process = pb.start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        Pattern listening = Pattern.compile("on http://localhost:(\\d+) ");
        String line;
        while (port < 0 && (line = out.readLine()) != null) {
          Matcher m = listening.matcher(line);
          if (m.find()) port = Integer.parseInt(m.group(1));
        }
        assertTrue(port > 0, "the server did not start");
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
        Request request = new Request.Builder().url("http://127.0.0.1:" + port + "/v1/messages").header("x-api-key", KEY)
            .post(RequestBody.create("{\"model\":\"m\",\"stream\":true,\"max_tokens\":9,\"messages\":[]}",
                MediaType.get("application/json"))).build();
        try (Response r = client.newCall(request).execute()) {
          assertEquals(200, r.code());
          BufferedSource source = r.body().source();
          StringBuilder got = new StringBuilder();
          StreamKeepAliveTest.readUntil(source, got, s -> s.contains("Hello"));
          long sent = System.nanoTime();
          process.destroy(); // SIGTERM
          got.append(source.readUtf8());
          assertTrue(got.toString().endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
              + "\"message\":\"the server is shutting down; the answer was cut short\"}}\n\n"), got.toString());
          assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the process did not exit");
          long ms = (System.nanoTime() - sent) / 1_000_000;
          assertTrue(ms < 1000 + 5000, "exit took " + ms + " ms");
          assertEquals(143, process.exitValue());
        } finally {
          body.release();
          client.dispatcher().executorService().shutdown();
          client.connectionPool().evictAll();
        }
      } finally {
        process.destroyForcibly();
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".config/metrics.db"));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT result FROM attempt_outcomes")) {
        assertTrue(rs.next(), "the attempt was not written to the history");
        assertEquals("CANCELLED", rs.getString(1));
      }
    }
  }
}
