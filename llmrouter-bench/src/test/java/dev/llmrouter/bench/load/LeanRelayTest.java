package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The least relay answers as the mock it relays: its streams event by event to their chunked end,
 * its whole answers, several requests one after another on one kept-alive client connection (so
 * each answer's end is found), and {@code /health}.
 */
class LeanRelayTest {
  private static final byte[] STREAM = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, ",\"stream\":true")
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] PLAIN = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST, "")
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void streamsAndWholeAnswersComeAsTheUpstreamSentThemOnOneKeptConnection() throws Exception {
    try (MockUpstream mock = new MockUpstream(5, 0, 1);
        LeanRelay relay = LeanRelay.start(0, mock.baseUrl(), 2)) {
      String direct;
      try (Socket s = new Socket("127.0.0.1", mock.port())) {
        direct = withoutTimes(body(exchange(s, "POST", "/v1/messages", STREAM)));
      }
      assertTrue(direct.contains("message_stop"), direct);
      try (Socket s = new Socket("127.0.0.1", relay.port())) {
        s.setSoTimeout(10_000);
        for (int i = 0; i < 3; i++) {
          String head = exchange(s, "POST", "/v1/messages", STREAM);
          assertTrue(head.startsWith("HTTP/1.1 200"), head);
          assertEquals(direct, withoutTimes(body(head)));
          String plain = exchange(s, "POST", "/v1/messages", PLAIN);
          assertTrue(plain.startsWith("HTTP/1.1 200"), plain);
          assertTrue(body(plain).startsWith("{"), plain);
        }
        String health = exchange(s, "GET", "/health", null);
        assertTrue(health.startsWith("HTTP/1.1 200"), health);
        assertEquals("{\"status\":\"ok\"}", body(health));
      }
      assertEquals(7, mock.requests(), "one direct request and six through the relay");
    }
  }

  @Test
  void aBodyLargerThanTheRelaysBufferPassesWhole() throws Exception {
    byte[] large = String.format(Locale.ROOT, LoadBench.CLAUDE_REQUEST,
        ",\"stream\":true,\"metadata\":{\"note\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    try (MockUpstream mock = new MockUpstream(2, 0, 1);
        LeanRelay relay = LeanRelay.start(0, mock.baseUrl(), 1);
        Socket s = new Socket("127.0.0.1", relay.port())) {
      s.setSoTimeout(10_000);
      String answer = exchange(s, "POST", "/v1/messages", large);
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertTrue(body(answer).contains("message_stop"), answer);
    }
  }

  /** Sends one request and reads its answer to its end: the answer's head and its body, chunks joined. */
  private static String exchange(Socket s, String method, String path, byte[] body) throws IOException {
    OutputStream out = s.getOutputStream();
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: relay\r\nx-api-key: sk-client\r\n");
    if (body != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) out.write(body);
    out.flush();
    InputStream in = s.getInputStream();
    String answerHead = line(in);
    StringBuilder all = new StringBuilder(answerHead).append("\r\n");
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      all.append(h).append("\r\n");
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
    }
    all.append("\r\n");
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    if (chunked) {
      while (true) {
        int size = Integer.parseInt(line(in).trim(), 16);
        if (size == 0) {
          line(in);
          break;
        }
        content.write(in.readNBytes(size));
        line(in);
      }
    } else {
      content.write(in.readNBytes((int) length));
    }
    return all + content.toString(StandardCharsets.UTF_8);
  }

  /** The mock stamps each event with the time it was sent. */
  private static String withoutTimes(String events) {
    return events.replaceAll("\"t\":\\d+", "\"t\":0");
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') b.append((char) c);
    }
    if (c == -1 && b.length() == 0) throw new IOException("connection closed");
    return b.toString();
  }
}
