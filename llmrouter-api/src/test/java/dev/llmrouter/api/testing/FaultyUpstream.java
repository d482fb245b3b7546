package dev.llmrouter.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scriptable HTTP/1.1 upstream on a loopback socket that misbehaves the way real upstreams do:
 * it closes idle keep-alive connections, resets streams, sends endless lines, trickles bytes, stays
 * silent, answers in HTTP/1.0 with a close-delimited body, sends broken gzip or invalid UTF-8.
 * MockWebServer cannot do most of these, since it owns the socket.
 *
 * <p>Each request takes the next {@link Fault} of the queue ({@link #enqueue}), or the default one
 * ({@link #otherwise}) when the queue is empty. A fault writes raw bytes on the connection and says
 * whether the connection stays open for another request. Thread-safe; {@link #close()} ends every
 * connection and thread.
 */
public final class FaultyUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final Queue<Fault> script = new ConcurrentLinkedQueue<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong bytesSent = new AtomicLong();
  private volatile Fault otherwise = json(200, "{}");
  private volatile Duration idleClose = Duration.ZERO;
  private volatile long requestNanos;
  private volatile long markNanos;
  private volatile String lastHead;
  private volatile byte[] lastBody;

  /** What the upstream does with one request. */
  @FunctionalInterface
  public interface Fault {
    /**
     * Answers (or not) one request.
     *
     * @param c the connection and the request
     * @return true to read another request on this connection, false to close it
     * @throws IOException when writing fails (the connection is then closed)
     */
    boolean answer(Conn c) throws IOException;
  }

  /** One request on its connection, as a fault sees it. */
  public final class Conn {
    private final Socket socket;
    private final OutputStream out;
    private final String head;
    private final byte[] body;

    private Conn(Socket socket, OutputStream out, String head, byte[] body) {
      this.socket = socket;
      this.out = out;
      this.head = head;
      this.body = body;
    }

    /** {@return the request line and headers} */
    public String head() { return head; }

    /** {@return the request body} */
    public byte[] body() { return body; }

    /** {@return the socket, for resets} */
    public Socket socket() { return socket; }

    /** Writes and flushes bytes, counting them. */
    public void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
      bytesSent.addAndGet(bytes.length);
    }

    /** Writes and flushes text as UTF-8. */
    public void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Notes the time ({@link #markNanos()}), such as when a fault's deadline starts to run. */
    public void mark() {
      markNanos = System.nanoTime();
    }

    /**
     * Waits, as a slow upstream would, unless the upstream is closed meanwhile.
     *
     * @return false when the upstream was closed
     */
    public boolean pause(Duration d) {
      try {
        return !closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Starts listening on an ephemeral loopback port. */
  public FaultyUpstream() throws IOException {
    server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "faulty-upstream-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@return the base URL, with a trailing slash} */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  /** Queues faults for the next requests, in order. */
  public FaultyUpstream enqueue(Fault... faults) {
    script.addAll(Arrays.asList(faults));
    return this;
  }

  /** Sets what requests get once the queue is empty (at first: a 200 with {@code {}}). */
  public FaultyUpstream otherwise(Fault fault) {
    this.otherwise = fault;
    return this;
  }

  /** Closes a keep-alive connection that stays idle this long between requests (zero: never). */
  public FaultyUpstream idleClose(Duration idle) {
    this.idleClose = idle;
    return this;
  }

  /** {@return how many requests arrived} */
  public int requests() { return requests.get(); }

  /** {@return how many connections were accepted} */
  public int connections() { return connections.get(); }

  /** {@return how many bytes were written to all connections} */
  public long bytesSent() { return bytesSent.get(); }

  /** {@return when the last request was read in full, in {@link System#nanoTime()} terms} */
  public long lastRequestNanos() { return requestNanos; }

  /** {@return the request line and headers of the last request, or null before one} */
  public String lastHead() { return lastHead; }

  /** {@return the body of the last request, or null before one} */
  public byte[] lastBody() { return lastBody; }

  /** {@return when a fault last called {@link Conn#mark()}, in {@link System#nanoTime()} terms} */
  public long markNanos() { return markNanos; }

  // ---- faults ----

  /** A complete answer with a Content-Length; the connection stays open. */
  public static Fault json(int status, String body, String... headers) {
    return c -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      c.write(statusLine("HTTP/1.1", status) + "Content-Type: application/json\r\nContent-Length: " + bytes.length
          + "\r\n" + lines(headers) + "\r\n");
      c.write(bytes);
      return true;
    };
  }

  /** A complete SSE answer, chunked; the connection stays open. */
  public static Fault sse(String events) {
    return sse(events.getBytes(StandardCharsets.UTF_8));
  }

  /** A complete SSE answer of raw bytes (invalid UTF-8 for one), chunked; the connection stays open. */
  public static Fault sse(byte[] events) {
    return c -> {
      c.write(SSE_HEAD);
      c.write(chunk(events));
      c.write("0\r\n\r\n");
      return true;
    };
  }

  /** SSE headers and {@code prefix}, then a reset (RST) instead of the rest. */
  public static Fault resetAfter(String prefix) {
    return c -> {
      c.write(SSE_HEAD);
      c.write(chunk(prefix.getBytes(StandardCharsets.UTF_8)));
      c.socket().setSoLinger(true, 0);
      return false;
    };
  }

  /**
   * SSE headers and {@code prefix}, then one line that never ends: {@code data: aaaa...} in 64 KiB
   * chunks, until {@code limit} bytes or until the reader gives up (a write fails). The time the
   * line passes {@code markAfter} bytes is {@link Conn#mark() marked}.
   */
  public static Fault endlessLine(String prefix, long markAfter, long limit) {
    return c -> {
      c.write(SSE_HEAD);
      c.write(chunk(prefix.getBytes(StandardCharsets.UTF_8)));
      c.write(chunk("data: ".getBytes(StandardCharsets.UTF_8)));
      byte[] a = new byte[64 * 1024];
      Arrays.fill(a, (byte) 'a');
      byte[] piece = chunk(a);
      for (long sent = 0; sent < limit; sent += a.length) {
        if (sent <= markAfter && sent + a.length > markAfter) c.mark();
        c.write(piece);
      }
      return false;
    };
  }

  /** Sends {@code raw} (status line and all) one byte every {@code every}, then closes. */
  public static Fault trickle(String raw, Duration every) {
    return c -> {
      for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
        if (!c.pause(every)) return false;
        c.write(new byte[] {b});
      }
      return false;
    };
  }

  /** Reads the request and never answers, until the caller or the upstream closes. */
  public static Fault silence() {
    return c -> {
      c.pause(Duration.ofHours(1));
      return false;
    };
  }

  /** An HTTP/1.0 answer whose body ends when the connection closes (no length, no chunks). */
  public static Fault http10(String contentType, String body) {
    return c -> {
      c.write("HTTP/1.0 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n" + body);
      return false;
    };
  }

  /** A 200 that claims to be gzip but is not. */
  public static Fault gzipGarbage() {
    return c -> {
      byte[] garbage = "this is not gzip at all, not even close".getBytes(StandardCharsets.UTF_8);
      c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
          + garbage.length + "\r\n\r\n");
      c.write(garbage);
      return true;
    };
  }

  // ---- plumbing ----

  private static final String SSE_HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

  private static String statusLine(String version, int status) {
    return version + " " + status + " " + (status < 300 ? "OK" : "Error") + "\r\n";
  }

  private static String lines(String... headers) {
    StringBuilder b = new StringBuilder();
    for (String h : headers) b.append(h).append("\r\n");
    return b.toString();
  }

  private static byte[] chunk(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
    out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      sockets.add(s);
      Thread t = new Thread(() -> serve(s), "faulty-upstream-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      boolean first = true;
      while (true) {
        Duration idle = idleClose;
        s.setSoTimeout(first || idle.isZero() ? 0 : (int) idle.toMillis());
        String head;
        try {
          head = readHead(in);
        } catch (SocketTimeoutException e) {
          return; // idle too long: close, as upstreams with a keep-alive timeout do
        }
        if (head == null) return;
        s.setSoTimeout(0);
        first = false;
        byte[] body = in.readNBytes(contentLength(head));
        requestNanos = System.nanoTime();
        lastHead = head;
        lastBody = body;
        requests.incrementAndGet();
        Fault f = script.poll();
        if (f == null) f = otherwise;
        if (!f.answer(new Conn(s, out, head, body))) return;
      }
    } catch (IOException e) {
      // The peer went away or the upstream was closed: nothing to do.
    } finally {
      sockets.remove(s);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) return null;
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      server.close();
    } catch (IOException e) {
      // Closing a listening socket does not fail in practice.
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
  }
}
