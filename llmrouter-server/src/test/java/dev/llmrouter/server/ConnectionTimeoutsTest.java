package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's connection timeouts, with the server's own front and without it (Undertow's):
 * a connection that sends no request, or the start of a head that never ends, is closed once its
 * timeout has passed, and so is a connection left idle after a request was answered.
 */
class ConnectionTimeoutsTest {
  private static final String ANSWER = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private static final String BODY = "{\"model\":\"claude-x\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
  /** Far past both timeouts: a connection still open then was not closed by them. */
  private static final int WAIT_MILLIS = 10_000;

  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private void start(boolean front) throws IOException {
    // The default transport, which offers the IO thread's direct calls: a passthrough is the front's to its end.
    h = Harness.create(1, o -> o.front(front).connectionTimeouts(Duration.ofMillis(300), Duration.ofMillis(400)),
        p -> Providers.standard(HttpTransport.createDefault(), Converters.standard()));
    h.use(ApiKind.MESSAGES, h.claudeChannel(0).build());
  }

  @ParameterizedTest(name = "front {0}")
  @ValueSource(booleans = {true, false})
  void aConnectionThatSendsNothingIsClosed(boolean front) throws Exception {
    start(front);
    try (Socket socket = connect()) {
      assertClosed(socket.getInputStream());
    }
  }

  @ParameterizedTest(name = "front {0}")
  @ValueSource(booleans = {true, false})
  void aHeadThatNeverEndsIsClosed(boolean front) throws Exception {
    start(front);
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertClosed(socket.getInputStream());
    }
  }

  @ParameterizedTest(name = "front {0}")
  @ValueSource(booleans = {true, false})
  void aHeadThatComesAByteAtATimeIsClosedOnceItsTimeIsUp(boolean front) throws Exception {
    start(front);
    byte[] head = ("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + Harness.ACCESS_KEY
        + "\r\nx-padding: " + "p".repeat(200) + "\r\n").getBytes(StandardCharsets.UTF_8);
    long began = System.nanoTime();
    try (Socket socket = connect()) {
      // A byte every 100 ms, each well within the head's timeout (300 ms), none of them its end.
      socket.setSoTimeout(100);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      boolean closed = false;
      for (int i = 0; i < head.length && !closed; i++) {
        try {
          out.write(head[i]);
          out.flush();
        } catch (IOException e) {
          closed = true; // the server closed it while the byte went out
          break;
        }
        try {
          closed = in.read() < 0;
        } catch (SocketTimeoutException e) {
          // not closed yet: the next byte
        }
      }
      assertTrue(closed, "the connection was closed before the head could end");
    }
    long millis = (System.nanoTime() - began) / 1_000_000L;
    assertTrue(millis < 5_000, "closed after " + millis + " ms, about the head's timeout, not the time its bytes took");
  }

  @Test
  void aConnectionIdleAfterAnAnswerIsClosed() throws Exception {
    start(true);
    try (Socket socket = connect()) {
      sendMessages(socket);
      InputStream in = socket.getInputStream();
      String answer = readAnswer(in);
      assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
      assertTrue(answer.endsWith(ANSWER), answer);
      assertClosed(in);
    }
    assertEquals(1, h.server.frontRequests());
    assertEquals(0, h.server.frontHandOffs(), "served by the front, not handed to Undertow");
  }

  @Test
  void aConnectionHandedToUndertowClosesCleanly() throws Exception {
    start(true);
    try (LogCapture log = new LogCapture(); Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      assertTrue(readAnswer(in).startsWith("HTTP/1.1 200 "));
      // Undertow's idle timeout closes it; the front's listener on the connection stays quiet.
      assertClosed(in);
      assertFalse(log.await(t -> t.contains("XNIO001007") || t.contains("Exception"), Duration.ofMillis(500)),
          "no listener failed when the connection closed");
    }
    assertEquals(1, h.server.frontHandOffs());
  }

  @Test
  void clientsThatHangUpAfterTheirAnswerAreClosedCleanly() throws Exception {
    start(true);
    try (LogCapture log = new LogCapture()) {
      // Each hang-up is closed by the closer's thread while the connection's own may be reading it.
      for (int i = 0; i < 30; i++) {
        try (Socket socket = connect()) {
          sendMessages(socket);
          assertTrue(readAnswer(socket.getInputStream()).endsWith(ANSWER));
        }
      }
      assertFalse(log.await(t -> t.contains("XNIO001007") || t.contains("Exception"), Duration.ofMillis(500)),
          "no listener failed when the clients hung up");
    }
    assertEquals(30, h.server.frontRequests());
  }

  /** Has the upstream answer once, and sends a Messages request on the connection. */
  private void sendMessages(Socket socket) throws IOException {
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + Harness.ACCESS_KEY
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", h.server.port());
    socket.setSoTimeout(WAIT_MILLIS);
    return socket;
  }

  /** The server closes the connection before the wait is over. */
  private static void assertClosed(InputStream in) throws IOException {
    try {
      assertEquals(-1, in.read(), "the server closed the connection");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection was still open after " + WAIT_MILLIS + " ms", e);
    }
  }

  /** Reads one answer with a length: its head and body as text. */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) throw new IOException("closed in the head: " + head);
      head.append((char) c);
    }
    int at = head.toString().toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
    int end = head.indexOf("\r\n", at);
    int length = Integer.parseInt(head.substring(at + 16, end).trim());
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
