package dev.llmrouter.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;

/** A client that hangs up between two requests is closed off its connection's IO thread; during a request, its end is the request's. */
class IdleHangUpsTest {
  private static final String REQUEST = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

  /** A handler that marks the request's start, notes the thread that closes its connection, and answers "ok". */
  private static HttpHandler answering(CompletableFuture<String> closedOn) {
    return exchange -> {
      IdleHangUps.requestStarted(exchange);
      exchange.getConnection().addCloseListener(c -> closedOn.complete(Thread.currentThread().getName()));
      exchange.getResponseSender().send("ok");
    };
  }

  private static HttpListener listen(HttpHandler root, java.util.concurrent.Executor closer) throws IOException {
    return HttpListener.start("127.0.0.1", 0, 2, 1, OptionMap.EMPTY, OptionMap.EMPTY,
        new DefaultByteBufferPool(true, 4096, 16, 0), root, closer, null);
  }

  /** Sends one request on a kept-alive connection, reads its answer, then hangs up. */
  private static void oneRequestThenHangUp(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      String head = readAnswer(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertTrue(head.endsWith("ok"), head);
    }
  }

  /** Reads an answer whose body is "ok" (two bytes after the head). */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\nok")) {
      int b = in.read();
      if (b < 0) break;
      sb.append((char) b);
    }
    return sb.toString();
  }

  @Test
  void aClientThatHangsUpBetweenRequestsIsClosedByTheCloser() throws Exception {
    ExecutorService closer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-closer"));
    CompletableFuture<String> closedOn = new CompletableFuture<>();
    HttpListener listener = listen(answering(closedOn), closer);
    try {
      oneRequestThenHangUp(listener.port());
      assertEquals("test-closer", closedOn.get(10, TimeUnit.SECONDS));
    } finally {
      listener.close();
      closer.shutdownNow();
    }
  }

  @Test
  void aCloserThatRefusesHasTheConnectionClosedAtOnce() throws Exception {
    CompletableFuture<String> closedOn = new CompletableFuture<>();
    HttpListener listener = listen(answering(closedOn), r -> {
      throw new RejectedExecutionException("stopped");
    });
    try {
      oneRequestThenHangUp(listener.port());
      assertTrue(closedOn.get(10, TimeUnit.SECONDS).contains("I/O"), "closed on the IO thread");
    } finally {
      listener.close();
    }
  }

  /**
   * While a request runs, the client's end of the connection reads as the end: a body cut short by a
   * client that hangs up fails its read (it is not left waiting for bytes that never come).
   */
  @Test
  void aClientThatHangsUpDuringARequestEndsTheRequestsBody() throws Exception {
    ExecutorService closer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-closer"));
    CompletableFuture<Throwable> bodyFailed = new CompletableFuture<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    HttpListener listener = listen(exchange -> {
      IdleHangUps.requestStarted(exchange);
      started.complete(null);
      exchange.getRequestReceiver().receiveFullBytes((ex, body) -> bodyFailed.complete(null),
          (ex, e) -> bodyFailed.complete(e));
    }, closer);
    Socket s = new Socket("127.0.0.1", listener.port());
    try {
      OutputStream out = s.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhalf".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      started.get(10, TimeUnit.SECONDS);
      s.close();
      assertInstanceOf(IOException.class, bodyFailed.get(10, TimeUnit.SECONDS));
    } finally {
      s.close();
      listener.close();
      closer.shutdownNow();
    }
  }
}
