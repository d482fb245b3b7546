package dev.llmrouter.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The least an HTTP/1.1 relay in Java does for the benchmarks' passthrough requests: the floor of
 * a JVM relay, beside nginx's (BENCHMARKS.md, "the first byte of the least HTTP/1.1 relay in
 * Java"). Selector threads ({@code -Dlean.threads}, one by default) each serve their share of the
 * client connections; each client connection gets a kept-alive upstream connection of its own. The
 * request's head is parsed and rewritten ({@code Host}, the channel's key; {@code Connection} and
 * the client's key dropped) and written upstream with its body; the answer's head is parsed for its
 * framing ({@code Content-Length} or chunked) and its bytes relayed as each read brings them, the
 * framing followed to the answer's end. No routing, metrics, logs or timers; {@code GET /health}
 * answers 200. It reads {@code PORT} and {@code CONFIG_FILE} (the first channel's plain-HTTP base
 * URL) as the router does, so a benchmark starts it in the router's place ({@code
 * -Dbench.relay=lean}). A measuring tool, not a proxy: writes to a slow peer are retried in a
 * loop, and each upstream connection is opened with a blocking connect.
 */
public final class LeanRelay implements AutoCloseable {
  static final class Pair {
    final SocketChannel client;
    final SocketChannel up;
    /** The request's head must fit (16 KiB); a body passes through in pieces. */
    final ByteBuffer cin = ByteBuffer.allocateDirect(16 * 1024);
    final ByteBuffer uin = ByteBuffer.allocateDirect(8 * 1024);
    final byte[] scratch;
    // client side
    long bodyLeft = -1; // -1: reading a head
    // upstream side
    boolean respHead = true;
    boolean chunked;
    long respLeft; // the Content-Length left, or the bytes left in the current chunk
    int chunkState; // 0 a chunk's size line, 1 its data, 2 the line end after its data, 3 after the last chunk
    long chunkSize;

    Pair(SocketChannel client, SocketChannel up, byte[] scratch) {
      this.client = client;
      this.up = up;
      this.scratch = scratch;
    }
  }

  private final String upHost;
  private final int upPort;
  private final ServerSocketChannel server;
  private final Worker[] workers;
  private final Thread acceptor;

  private LeanRelay(int port, String upHost, int upPort, int threads) throws IOException {
    this.upHost = upHost;
    this.upPort = upPort;
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
    workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker();
      Thread t = new Thread(workers[i], "lean-" + i);
      t.setDaemon(true);
      t.start();
    }
    acceptor = new Thread(this::accept, "lean-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a relay on 127.0.0.1.
   *
   * @param port the port to listen on; 0 for any free one
   * @param upstream the upstream's base URL, {@code http://host:port}
   * @param threads how many selector threads serve the connections
   */
  public static LeanRelay start(int port, String upstream, int threads) throws IOException {
    Matcher m = Pattern.compile("http://([^:/]+):(\\d+)").matcher(upstream);
    if (!m.lookingAt()) throw new IllegalArgumentException("not a plain-HTTP base URL with a port: " + upstream);
    return new LeanRelay(port, m.group(1), Integer.parseInt(m.group(2)), threads);
  }

  /** The port it listens on. */
  public int port() {
    return server.socket().getLocalPort();
  }

  /** Runs it as the router is run: {@code PORT} and {@code CONFIG_FILE} from the environment. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    String cfg = Files.readString(Path.of(System.getenv("CONFIG_FILE")));
    Matcher m = Pattern.compile("\"baseUrl\":\"(http://[^\"]+)\"").matcher(cfg);
    if (!m.find()) throw new IllegalStateException("no plain-HTTP baseUrl in " + System.getenv("CONFIG_FILE"));
    LeanRelay relay = start(port, m.group(1), Integer.getInteger("lean.threads", 1));
    relay.acceptor.join();
  }

  private void accept() {
    int next = 0;
    try {
      while (true) {
        SocketChannel c = server.accept();
        workers[next].add(c);
        next = (next + 1) % workers.length;
      }
    } catch (IOException closed) {
      // the relay was closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Worker w : workers) w.close();
  }

  /** One selector thread; its connections share its scratch array. */
  private final class Worker implements Runnable {
    final Selector sel;
    final java.util.concurrent.ConcurrentLinkedQueue<SocketChannel> incoming = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final byte[] scratch = new byte[64 * 1024];
    volatile boolean closed;

    Worker() throws IOException {
      sel = Selector.open();
    }

    void add(SocketChannel c) {
      incoming.add(c);
      sel.wakeup();
    }

    void close() throws IOException {
      closed = true;
      sel.wakeup();
    }

    @Override
    public void run() {
      try {
        loop();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        for (SelectionKey k : sel.keys()) closeQuietly((SocketChannel) k.channel());
        try {
          sel.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }

    void loop() throws IOException {
      while (!closed) {
        sel.select();
        SocketChannel c;
        while ((c = incoming.poll()) != null) {
          try {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SocketChannel u = SocketChannel.open(new InetSocketAddress(upHost, upPort));
            u.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.configureBlocking(false);
            u.configureBlocking(false);
            Pair p = new Pair(c, u, scratch);
            c.register(sel, SelectionKey.OP_READ, p);
            u.register(sel, SelectionKey.OP_READ, p);
          } catch (IOException e) {
            closeQuietly(c);
          }
        }
        Iterator<SelectionKey> it = sel.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          try {
            if (!k.isValid()) continue;
            if (k.isReadable()) {
              Pair p = (Pair) k.attachment();
              if (k.channel() == p.client) clientReadable(p); else upReadable(p);
            }
          } catch (IOException | RuntimeException e) {
            Object a = k.attachment();
            if (a instanceof Pair p) {
              closeQuietly(p.client);
              closeQuietly(p.up);
            }
            k.cancel();
          }
        }
      }
    }
  }

  static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Writes the buffers whole, in order, in gathering writes retried until none is left (any may be empty). */
  static void writeAll(SocketChannel ch, ByteBuffer... bufs) throws IOException {
    long left = 0;
    for (ByteBuffer b : bufs) left += b.remaining();
    while (left > 0) {
      long n = ch.write(bufs);
      if (n == 0) Thread.onSpinWait();
      left -= n;
    }
  }

  static int indexOfHeadEnd(byte[] a, int n) {
    for (int i = 3; i < n; i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') return i + 1;
    }
    return -1;
  }

  private void clientReadable(Pair p) throws IOException {
    int n = p.client.read(p.cin);
    if (n < 0) throw new IOException("client closed");
    while (true) {
      if (p.bodyLeft < 0) {
        ByteBuffer b = p.cin;
        b.flip();
        int len = b.remaining();
        b.get(p.scratch, 0, len);
        int end = indexOfHeadEnd(p.scratch, len);
        if (end < 0) {
          b.clear();
          b.put(p.scratch, 0, len);
          return;
        }
        String head = new String(p.scratch, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String requestLine = lines[0];
        if (requestLine.startsWith("GET /health")) {
          writeAll(p.client, ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}"
              .getBytes(StandardCharsets.ISO_8859_1)));
          b.clear();
          b.put(p.scratch, end, len - end);
          continue;
        }
        long contentLength = 0;
        StringBuilder out = new StringBuilder(head.length() + 64);
        out.append(requestLine).append("\r\n");
        out.append("Host: ").append(upHost).append(':').append(upPort).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
          String h = lines[i];
          if (h.isEmpty()) continue;
          int colon = h.indexOf(':');
          String name = h.substring(0, colon).trim();
          if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("x-api-key")
              || name.equalsIgnoreCase("authorization")) continue;
          if (name.equalsIgnoreCase("content-length")) contentLength = Long.parseLong(h.substring(colon + 1).trim());
          out.append(h).append("\r\n");
        }
        out.append("x-api-key: sk-bench-upstream-key\r\n\r\n");
        byte[] newHead = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        long avail = len - end;
        long take = Math.min(avail, contentLength);
        writeAll(p.up, ByteBuffer.wrap(newHead), ByteBuffer.wrap(p.scratch, end, (int) take));
        p.bodyLeft = contentLength - take;
        b.clear();
        b.put(p.scratch, end + (int) take, (int) (avail - take));
        if (p.bodyLeft == 0) {
          p.bodyLeft = -1;
          if (b.position() == 0) return;
          continue;
        }
        return;
      } else {
        ByteBuffer b = p.cin;
        b.flip();
        int take = (int) Math.min(b.remaining(), p.bodyLeft);
        ByteBuffer slice = b.slice();
        slice.limit(take);
        writeAll(p.up, slice);
        b.position(b.position() + take);
        b.compact();
        p.bodyLeft -= take;
        if (p.bodyLeft > 0) return;
        p.bodyLeft = -1;
        if (b.position() == 0) return;
      }
    }
  }

  private static void upReadable(Pair p) throws IOException {
    ByteBuffer b = p.uin;
    int n = p.up.read(b);
    if (n < 0) throw new IOException("upstream closed");
    b.flip();
    int len = b.remaining();
    b.get(p.scratch, 0, len);
    b.clear();
    int pos = 0;
    if (p.respHead) {
      int end = indexOfHeadEnd(p.scratch, len);
      if (end < 0) {
        b.put(p.scratch, 0, len);
        return;
      }
      String head = new String(p.scratch, 0, end, StandardCharsets.ISO_8859_1);
      p.chunked = false;
      p.respLeft = 0;
      for (String h : head.split("\r\n")) {
        int colon = h.indexOf(':');
        if (colon < 0) continue;
        String name = h.substring(0, colon).trim();
        String value = h.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) p.chunked = true;
        if (name.equalsIgnoreCase("content-length")) p.respLeft = Long.parseLong(value);
      }
      p.respHead = false;
      p.chunkState = 0;
      p.chunkSize = 0;
      pos = end;
    }
    // Track the body's framing over the bytes after the head, then relay everything read.
    int i = pos;
    boolean done = false;
    if (!p.chunked) {
      long take = Math.min(len - i, p.respLeft);
      p.respLeft -= take;
      if (p.respLeft == 0) done = true;
    } else {
      while (i < len && !done) {
        byte c = p.scratch[i];
        switch (p.chunkState) {
          case 0 -> {
            if (c == '\n') {
              if (p.chunkSize == 0) {
                p.chunkState = 3;
              } else {
                p.chunkState = 1;
                p.respLeft = p.chunkSize;
              }
              p.chunkSize = 0;
            } else if (c != '\r') {
              int d = Character.digit(c, 16);
              if (d >= 0) p.chunkSize = p.chunkSize * 16 + d;
            }
            i++;
          }
          case 1 -> {
            long take = Math.min(len - i, p.respLeft);
            i += (int) take;
            p.respLeft -= take;
            if (p.respLeft == 0) p.chunkState = 2;
          }
          case 2 -> {
            if (c == '\n') p.chunkState = 0;
            i++;
          }
          default -> {
            // after "0\r\n": an empty line ends the answer (no trailers from the mock)
            if (c == '\n') done = true;
            i++;
          }
        }
      }
    }
    writeAll(p.client, ByteBuffer.wrap(p.scratch, 0, len));
    if (done) p.respHead = true;
  }
}
