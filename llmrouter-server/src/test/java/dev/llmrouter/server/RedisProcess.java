package dev.llmrouter.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests, on an ephemeral port with its files in a temporary
 * directory, without persistence. Tests that need it are skipped, with the reason, where the
 * program is not installed ({@code apt-get install redis-server}).
 */
final class RedisProcess implements AutoCloseable {
  private final Path program;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisProcess(Path program, Path dir, int port) {
    this.program = program;
    this.dir = dir;
    this.port = port;
  }

  /** Starts one, or skips the calling test when redis-server is missing. */
  static RedisProcess start(Path dir) throws IOException, InterruptedException {
    Path program = find();
    assumeTrue(program != null, "redis-server is not installed (Debian package redis-server); test skipped");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisProcess redis = new RedisProcess(program, dir, port);
    redis.start();
    return redis;
  }

  private static Path find() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) return p;
    }
    Path debian = Path.of("/usr/bin/redis-server");
    return Files.isExecutable(debian) ? debian : null;
  }

  /** Starts the server (again) on its port and waits until it accepts connections. */
  void start() throws IOException, InterruptedException {
    process = new ProcessBuilder(program.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", "", "--enable-debug-command", "local")
        .redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Process p = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.contains("Ready to accept connections")) ready.countDown();
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "redis-server-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("redis-server did not start on port " + port);
    }
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Makes Redis answer nothing for {@code seconds} (DEBUG SLEEP), as an overloaded Redis would;
   * returns when it answers again.
   */
  void stall(int seconds) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      String n = Integer.toString(seconds);
      s.getOutputStream().write(("*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$" + n.length() + "\r\n" + n + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // DEBUG SLEEP answers once the sleep is over.
      int first = s.getInputStream().read();
      if (first != '+') throw new IOException("DEBUG SLEEP was refused");
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
