package dev.llmrouter.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamedBodyTest {
  private Undertow server;
  private int port;
  /** For each exchange, whether it ended on its IO thread. */
  private final List<Boolean> endedOnIoThread = new CopyOnWriteArrayList<>();
  /** Counted down as each exchange ends (after its last bytes went out, so after the client read them). */
  private final CountDownLatch ended = new CountDownLatch(2);
  private final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();
  /** Released by the client once it has read the first event of the current answer. */
  private volatile CountDownLatch firstEventRead;

  @BeforeEach
  void start() {
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
      if (exchange.isInIoThread()) {
        exchange.dispatch(() -> stream(exchange));
        return;
      }
      stream(exchange);
    }).build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private void stream(HttpServerExchange exchange) {
    exchange.addExchangeCompleteListener((ex, next) -> {
      endedOnIoThread.add(ex.isInIoThread());
      ended.countDown();
      next.proceed();
    });
    exchange.startBlocking();
    StreamedBody out = new StreamedBody(exchange);
    try {
      out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      // The first event must reach the client while the answer is still open.
      if (!firstEventRead.await(10, TimeUnit.SECONDS)) throw new AssertionError("first event never read");
      out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      out.close();
      assertThrows(IOException.class, () -> out.write(1));
    } catch (Throwable t) {
      handlerErrors.add(t);
    }
  }

  @Test
  void eventsGoOutAsWrittenAndTheExchangeEndsOnItsIoThread() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream requests = socket.getOutputStream();
      // Two answers on one connection: the second request is served once the first exchange ends.
      for (int i = 0; i < 2; i++) {
        firstEventRead = new CountDownLatch(1);
        requests.write("GET /s HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        requests.flush();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
        assertEquals("data: one\n\n", readChunk(in));
        firstEventRead.countDown();
        assertEquals("data: two\n\n", readChunk(in));
        assertEquals("", readChunk(in), "the last chunk ends the answer");
        assertEquals("", readLine(in), "the chunked body's trailer ends");
      }
    }
    assertTrue(ended.await(10, TimeUnit.SECONDS), "both exchanges ended");
    assertEquals(List.of(), handlerErrors);
    assertEquals(List.of(true, true), endedOnIoThread);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) head.append(line).append('\n');
    return head.toString();
  }

  private static String readChunk(InputStream in) throws IOException {
    int size = Integer.parseInt(readLine(in).trim(), 16);
    if (size == 0) return "";
    byte[] data = in.readNBytes(size);
    assertEquals("", readLine(in));
    return new String(data, StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) throw new IOException("connection closed mid-line");
      if (b != '\r') line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
