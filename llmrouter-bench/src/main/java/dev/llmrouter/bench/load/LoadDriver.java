package dev.llmrouter.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A closed-loop load driver: {@code concurrency} clients, each sending its next request when the
 * previous one has been read to the end. Runs a warm-up, then a measured phase of fixed length.
 */
final class LoadDriver {
  private static final MediaType JSON = MediaType.get("application/json");

  /** What one measured phase produced. */
  record Result(int requests, int errors, double seconds, Stats latency, Stats ttfb, Stats eventDelay) {
    double throughput() {
      return requests / seconds;
    }
  }

  /** Connection pools the scale test's clients share (see {@link #once}). */
  private static final int POOLS = 128;

  private final OkHttpClient client;
  private final ThreadFactory threads;

  LoadDriver(int maxConnections, ThreadFactory threads) {
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(Integer.MAX_VALUE);
    d.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.client = new OkHttpClient.Builder().dispatcher(d)
        .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
        .readTimeout(Duration.ofMinutes(2)).callTimeout(Duration.ZERO).retryOnConnectionFailure(false).build();
    this.threads = threads;
  }

  Result run(String url, byte[] body, boolean stream, int concurrency, Duration warmup, Duration measure)
      throws InterruptedException {
    runPhase(url, body, stream, concurrency, warmup, false, false);
    return runPhase(url, body, stream, concurrency, measure, true, false);
  }

  /**
   * Sends requests for {@code length} on kept-alive connections without recording their timings;
   * the result counts the requests and errors only.
   */
  Result warm(String url, byte[] body, boolean stream, int concurrency, Duration length) throws InterruptedException {
    return runPhase(url, body, stream, concurrency, length, false, false);
  }

  /**
   * Sends requests for {@code length} without recording them, each on a connection of its own
   * ({@code Connection: close}): warms up the code that accepts and opens connections, which
   * requests on kept-alive connections never run. The result counts the requests and errors only.
   */
  Result warmNewConnections(String url, byte[] body, boolean stream, int concurrency, Duration length)
      throws InterruptedException {
    return runPhase(url, body, stream, concurrency, length, false, true);
  }

  /**
   * Every client sends exactly one request (the scale test); returns when all have ended, having
   * recorded into {@code timeline} too unless it is null. The clients share {@link #POOLS}
   * connection pools, each of a few dozen connections: one pool for thousands of open connections
   * costs every call a scan of all of them (OkHttp looks for a reusable connection in a list), and a
   * pool per client costs thousands of pools' housekeeping; either way the driver took the cores
   * the router needs while the streams opened.
   */
  Result once(String url, byte[] body, boolean stream, int clients, Timeline timeline) throws InterruptedException {
    Worker[] workers = new Worker[clients];
    CountDownLatch done = new CountDownLatch(clients);
    OkHttpClient[] pools = new OkHttpClient[Math.min(clients, POOLS)];
    for (int i = 0; i < pools.length; i++) {
      pools[i] = client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
    }
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Worker w = new Worker(pools[i % pools.length], url, body, stream, Long.MAX_VALUE, true, false, done, 1,
          timeline);
      workers[i] = w;
      threads.newThread(w).start();
    }
    done.await();
    for (OkHttpClient pool : pools) pool.connectionPool().evictAll();
    return collect(workers, (System.nanoTime() - start) / 1e9);
  }

  private Result runPhase(String url, byte[] body, boolean stream, int concurrency, Duration length, boolean record,
      boolean newConnections) throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    CountDownLatch done = new CountDownLatch(concurrency);
    Worker[] workers = new Worker[concurrency];
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      workers[i] = new Worker(client, url, body, stream, end, record, newConnections, done, Integer.MAX_VALUE, null);
      threads.newThread(workers[i]).start();
    }
    done.await();
    return collect(workers, (System.nanoTime() - start) / 1e9);
  }

  private static Result collect(Worker[] workers, double seconds) {
    Stats latency = new Stats(2_000_000);
    Stats ttfb = new Stats(2_000_000);
    Stats delay = new Stats(4_000_000);
    int requests = 0;
    int errors = 0;
    for (Worker w : workers) {
      latency.addAll(w.latency);
      ttfb.addAll(w.ttfb);
      delay.addAll(w.eventDelay);
      requests += w.requests;
      errors += w.errors;
    }
    return new Result(requests, errors, seconds, latency, ttfb, delay);
  }

  static final AtomicLong FIRST_ERROR_LOGGED = new AtomicLong();

  private static final class Worker implements Runnable {
    private final OkHttpClient client;
    private final String url;
    private final byte[] body;
    private final boolean stream;
    private final long end;
    private final boolean record;
    private final boolean newConnections;
    private final CountDownLatch done;
    private final int maxRequests;
    private final Timeline timeline;
    final Stats latency = new Stats(500_000);
    final Stats ttfb = new Stats(500_000);
    final Stats eventDelay = new Stats(1_000_000);
    int requests;
    int errors;
    String firstError;

    Worker(OkHttpClient client, String url, byte[] body, boolean stream, long end, boolean record,
        boolean newConnections, CountDownLatch done, int maxRequests, Timeline timeline) {
      this.client = client;
      this.timeline = timeline;
      this.url = url;
      this.body = body;
      this.stream = stream;
      this.end = end;
      this.record = record;
      this.newConnections = newConnections;
      this.done = done;
      this.maxRequests = maxRequests;
    }

    @Override
    public void run() {
      try {
        int sent = 0;
        while (System.nanoTime() < end && sent < maxRequests) {
          sent++;
          Request.Builder builder = new Request.Builder().url(url).post(RequestBody.create(body, JSON))
              .header("x-api-key", RouterProcess.KEY).header("anthropic-version", "2023-06-01");
          if (newConnections) builder.header("Connection", "close");
          Request request = builder.build();
          long start = System.nanoTime();
          try (Response r = client.newCall(request).execute()) {
            if (r.code() != 200) {
              r.body().bytes();
              fail("status " + r.code());
              continue;
            }
            if (!stream) {
              r.body().bytes();
            } else {
              readStream(r.body().source(), start);
            }
            long took = System.nanoTime() - start;
            requests++;
            if (record) latency.add(took);
          } catch (IOException e) {
            fail(e.toString());
          }
        }
      } finally {
        done.countDown();
      }
    }

    private void fail(String why) {
      errors++;
      if (firstError == null) firstError = why;
      if (FIRST_ERROR_LOGGED.compareAndSet(0, 1)) System.err.println("first error: " + why);
    }

    private void readStream(BufferedSource source, long start) throws IOException {
      boolean first = true;
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.isEmpty()) {
          if (first && record) {
            ttfb.add(System.nanoTime() - start);
            if (timeline != null) timeline.firstByte();
          }
          first = false;
          continue;
        }
        if (record && line.startsWith("data:")) {
          int t = line.lastIndexOf("\"t\":");
          if (t >= 0) {
            int e = t + 4;
            while (e < line.length() && Character.isDigit(line.charAt(e))) e++;
            if (e > t + 4) {
              long delay = System.nanoTime() - Long.parseLong(line.substring(t + 4, e));
              eventDelay.add(delay);
              if (timeline != null) timeline.event(delay);
            }
          }
        }
      }
    }
  }

  /** How many connections the driver's own pool keeps open for reuse. */
  int pooledConnections() {
    return client.connectionPool().connectionCount();
  }

  List<String> close() {
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
    return new ArrayList<>();
  }
}
