package dev.llmrouter.server.logging;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.OutcomeListener;
import dev.llmrouter.api.provider.ClientRequest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One INFO line per proxied request ({@code [Proxy-Access]}): request id, kind, operation, client
 * protocol, model asked and model sent, the channel's name, attempts, final status, time to first
 * byte, total time, tokens, and the failover reasons in short. As an {@link OutcomeListener} it
 * collects the attempts of the requests in flight (by their request id); the handler opens an
 * {@link Entry} before routing and ends it once the answer is written. The same fields go to JSON
 * lines as key-value pairs. Thread-safe.
 */
public final class AccessLog implements OutcomeListener {
  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  /** Attempts kept per request for its line; a request never makes more in practice. */
  private static final int MAX_ATTEMPTS = 64;
  /** Lowercase hex digits; immutable. */
  private static final HexFormat HEX = HexFormat.of();

  private final ConcurrentHashMap<String, Entry> open = new ConcurrentHashMap<>();

  /**
   * A new request id: {@code req_} and 24 hex digits, the first 12 the milliseconds since the epoch
   * and the other 12 random (48 bits), so that ids sort by the millisecond they were made in. The
   * request log indexes its rows by request id: a random id lands on a random page of that index,
   * and the history's writer spent 20 to 48 microseconds of CPU per attempt stored (growing with the
   * tables, 0.5 to 3 million attempts), much of it reading and writing such pages; with ids that
   * grow with time, 11 to 15 (the benchmark jar's {@code history} command measures both).
   */
  public static String newRequestId() {
    return newRequestId(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
  }

  static String newRequestId(long epochMillis, long random) {
    // 48 bits of time (enough until the year 10889) and 48 random bits, written as 16 + 8 digits.
    return "req_" + HEX.toHexDigits(epochMillis << 16 | (random >>> 32 & 0xffff)) + HEX.toHexDigits((int) random);
  }

  /**
   * The client's own request id when it is usable (1 to 128 visible ASCII characters), else a new
   * one.
   */
  public static String requestId(String fromClient) {
    if (fromClient == null || fromClient.isEmpty() || fromClient.length() > 128) return newRequestId();
    for (int i = 0; i < fromClient.length(); i++) {
      char c = fromClient.charAt(i);
      if (c <= 0x20 || c >= 0x7f) return newRequestId();
    }
    return fromClient;
  }

  /** Starts collecting the attempts of a request. */
  public Entry begin(String requestId, ClientRequest request, long startNanos) {
    Entry e = new Entry(requestId, request, startNanos);
    open.putIfAbsent(requestId, e);
    return e;
  }

  @Override
  public void onOutcome(AttemptOutcome outcome) {
    String id = outcome.requestId();
    if (id == null) return;
    Entry e = open.get(id);
    if (e != null) e.add(outcome);
  }

  /**
   * Logs the request's line and stops collecting.
   *
   * @param channel the channel that answered, or null
   * @param firstByteNanos when the first byte went to the client (System.nanoTime), or -1
   */
  public void end(Entry e, int status, Channel channel, int attempts, long firstByteNanos, long endNanos,
      boolean clientGone) {
    open.remove(e.requestId, e);
    if (!log.isInfoEnabled()) return;
    List<AttemptOutcome> tried = e.attempts();
    Usage usage = Usage.NONE;
    StringBuilder failover = new StringBuilder();
    for (AttemptOutcome o : tried) {
      if (o.result() == AttemptOutcome.Result.SUCCESS && o.usage() != null) usage = o.usage();
      if (o.result() == AttemptOutcome.Result.FAILURE || o.result() == AttemptOutcome.Result.CLIENT_ERROR) {
        if (failover.length() > 0) failover.append("; ");
        failover.append(o.channelName()).append(':').append(o.status() == 0 ? "-" : Integer.toString(o.status()));
        if (o.detail() != null) failover.append(' ').append(shorten(o.detail()));
      }
    }
    ClientRequest r = e.request;
    String model = r.model() == null ? "" : r.model();
    String sent = channel == null ? "" : channel.mapModel(model);
    String name = channel == null ? "" : channel.displayName();
    long ttfbMs = firstByteNanos < 0 ? -1 : (firstByteNanos - e.startNanos) / 1_000_000L;
    long totalMs = (endNanos - e.startNanos) / 1_000_000L;
    long cached = usage.cacheReadTokens();
    String reasons = failover.toString();
    LoggingEventBuilder b = log.atInfo()
        .addKeyValue("requestId", e.requestId)
        .addKeyValue("kind", r.kind().pathName())
        .addKeyValue("operation", r.operation())
        .addKeyValue("protocol", r.kind().protocol().serviceType())
        .addKeyValue("model", model)
        .addKeyValue("modelSent", sent)
        .addKeyValue("channel", name)
        .addKeyValue("attempts", attempts)
        .addKeyValue("status", status)
        .addKeyValue("stream", r.stream())
        .addKeyValue("ttfbMs", ttfbMs)
        .addKeyValue("totalMs", totalMs)
        .addKeyValue("inputTokens", usage.inputTokens())
        .addKeyValue("outputTokens", usage.outputTokens())
        .addKeyValue("cachedTokens", cached)
        .addKeyValue("failover", reasons);
    if (clientGone) b = b.addKeyValue("clientGone", true);
    b.log("[Proxy-Access] id={} kind={} op={} protocol={} model={} sent={} channel=\"{}\" attempts={} status={} "
        + "ttfb={}ms total={}ms tokens={}/{}/{}{}{}", e.requestId, r.kind().pathName(), r.operation(),
        r.kind().protocol().serviceType(), model, sent, name, attempts, status, ttfbMs, totalMs, usage.inputTokens(),
        usage.outputTokens(), cached, reasons.isEmpty() ? "" : " failover=\"" + reasons + "\"",
        clientGone ? " client-gone" : "");
  }

  /** The line of a request refused before routing (a body too large, not JSON, a refused conversation). */
  public void rejected(String requestId, dev.llmrouter.api.ApiKind kind, String operation, int status, String reason,
      long startNanos) {
    long totalMs = (System.nanoTime() - startNanos) / 1_000_000L;
    log.atInfo()
        .addKeyValue("requestId", requestId)
        .addKeyValue("kind", kind.pathName())
        .addKeyValue("operation", operation)
        .addKeyValue("protocol", kind.protocol().serviceType())
        .addKeyValue("attempts", 0)
        .addKeyValue("status", status)
        .addKeyValue("totalMs", totalMs)
        .addKeyValue("rejected", reason)
        .log("[Proxy-Access] id={} kind={} op={} protocol={} attempts=0 status={} total={}ms rejected=\"{}\"", requestId,
            kind.pathName(), operation, kind.protocol().serviceType(), status, totalMs, reason);
  }

  private static String shorten(String detail) {
    String d = detail.replace('"', '\'').replace('\n', ' ');
    return d.length() > 80 ? d.substring(0, 80) + "…" : d;
  }

  /** The attempts of one request in flight. */
  public static final class Entry {
    final String requestId;
    final ClientRequest request;
    final long startNanos;
    private final List<AttemptOutcome> attempts = new ArrayList<>(2);

    Entry(String requestId, ClientRequest request, long startNanos) {
      this.requestId = requestId;
      this.request = request;
      this.startNanos = startNanos;
    }

    public String requestId() {
      return requestId;
    }

    synchronized void add(AttemptOutcome o) {
      if (attempts.size() < MAX_ATTEMPTS) attempts.add(o);
    }

    synchronized List<AttemptOutcome> attempts() {
      return List.copyOf(attempts);
    }
  }
}
