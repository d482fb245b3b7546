package dev.llmrouter.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx as a plain reverse proxy in front of the mock upstream: the floor that any HTTP proxy on
 * the same machine can reach for a passthrough (read the request, write it upstream, read the
 * answer, write it back). One worker, {@code proxy_pass} with upstream keep-alive and no response
 * buffering, so that streams are passed on as they arrive. Its configuration, pid file and error
 * log live in a temporary directory; the access log is off.
 */
final class NginxProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private NginxProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** The nginx binary: {@code -Dbench.nginx=...}, else /usr/sbin/nginx or nginx on the PATH; empty when there is none. */
  static Optional<Path> binary() {
    String prop = System.getProperty("bench.nginx");
    if (prop != null) return Files.isExecutable(Path.of(prop)) ? Optional.of(Path.of(prop)) : Optional.empty();
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/nginx")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isEmpty()) candidates.add(Path.of(d, "nginx"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** The connections the worker may hold unless told otherwise: enough for the load benchmark's concurrency. */
  static final int DEFAULT_CONNECTIONS = 4096;

  /** As below, with {@link #DEFAULT_CONNECTIONS}. */
  static String config(Path dir, int port, String upstreamHostPort) {
    return config(dir, port, upstreamHostPort, DEFAULT_CONNECTIONS);
  }

  /**
   * The configuration: one worker, keep-alive to {@code upstreamHostPort}, no buffering, no access
   * log. Each proxied request holds two connections (the client's and the upstream one), so
   * {@code connections} must be at least twice the requests in flight; the worker's file limit is
   * raised to match.
   */
  static String config(Path dir, int port, String upstreamHostPort, int connections) {
    String d = dir.toString();
    return "worker_processes 1;\n"
        + "worker_rlimit_nofile " + (connections + 64) + ";\n"
        + "pid " + d + "/nginx.pid;\n"
        + "error_log " + d + "/error.log warn;\n"
        + "events { worker_connections " + connections + "; }\n"
        + "http {\n"
        + "  access_log off;\n"
        + "  client_body_temp_path " + d + "/body;\n"
        + "  proxy_temp_path " + d + "/proxy;\n"
        + "  fastcgi_temp_path " + d + "/fastcgi;\n"
        + "  uwsgi_temp_path " + d + "/uwsgi;\n"
        + "  scgi_temp_path " + d + "/scgi;\n"
        + "  client_body_buffer_size 64k;\n"
        + "  client_max_body_size 16m;\n"
        + "  keepalive_requests 1000000;\n"
        + "  keepalive_timeout 300s;\n"
        + "  upstream mock {\n"
        + "    server " + upstreamHostPort + ";\n"
        + "    keepalive 64;\n"
        + "    keepalive_requests 1000000;\n"
        + "  }\n"
        + "  server {\n"
        + "    listen 127.0.0.1:" + port + " backlog=4096;\n"
        + "    location / {\n"
        + "      proxy_pass http://mock;\n"
        + "      proxy_http_version 1.1;\n"
        + "      proxy_set_header Connection \"\";\n"
        + "      proxy_buffering off;\n"
        + "      proxy_request_buffering off;\n"
        + "      proxy_read_timeout 300s;\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }

  /**
   * Starts nginx in the foreground ({@code daemon off}) on {@code port} in front of
   * {@code upstreamHostPort}, with {@code prefix} before the command (such as {@code taskset -c 0}),
   * and waits until the port accepts connections.
   */
  static NginxProcess start(Path nginx, List<String> prefix, String upstreamHostPort, int port)
      throws IOException, InterruptedException {
    return start(nginx, prefix, upstreamHostPort, port, DEFAULT_CONNECTIONS);
  }

  /** As above, with room for {@code connections} connections (see {@link #config(Path, int, String, int)}). */
  static NginxProcess start(Path nginx, List<String> prefix, String upstreamHostPort, int port, int connections)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("llmrouter-bench-nginx");
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir, port, upstreamHostPort, connections));
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(nginx.toString(), "-c", conf.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
        "-g", "daemon off;"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
    NginxProcess np = new NginxProcess(p, port, dir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String why = Files.readString(dir.resolve("nginx.out")) + readIfExists(dir.resolve("error.log"));
        TempDirs.release(dir);
        throw new IOException("nginx exited: " + why);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        if (p.descendants().findAny().isPresent()) return np;
      } catch (IOException notYet) {
        // still starting
      }
      Thread.onSpinWait();
    }
    np.close();
    throw new IOException("nginx did not start within 30 s");
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private Stream<Long> pids() {
    return Stream.concat(Stream.of(process.pid()), process.descendants().map(ProcessHandle::pid));
  }

  /** CPU time (user + system) of the master and its worker so far, in milliseconds. */
  long cpuMillis() throws IOException {
    long total = 0;
    for (long pid : pids().toList()) total += ProcFiles.cpuMillis(ProcFiles.of(pid));
    return total;
  }

  /** A field of /proc/PID/status in kB (VmRSS, VmHWM), summed over the master and its worker. */
  long status(String field) throws IOException {
    long total = 0;
    for (long pid : pids().toList()) total += Math.max(0, ProcFiles.status(ProcFiles.of(pid), field));
    return total;
  }

  /** The worker's own VmHWM in kB (the master only parses the configuration and waits). */
  long workerPeakRssKiB() throws IOException {
    long max = 0;
    for (long pid : process.descendants().map(ProcessHandle::pid).toList()) max = Math.max(max, ProcFiles.status(ProcFiles.of(pid), "VmHWM"));
    return max;
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: nginx's fast shutdown, master and worker
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    TempDirs.release(dir);
  }
}
