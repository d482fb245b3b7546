package dev.llmrouter.scheduler;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The answer to a routed request, in the client's protocol: either an upstream's answer (success,
 * or an upstream error relayed to the client) or an error made by the router. The caller owns it
 * and must {@link #close()} it; closing ends the upstream call and records the attempt's outcome.
 * Not thread-safe, except {@link #cancel()}.
 */
public final class RoutedResponse implements Closeable {
  /** How the attempt that produced this answer is settled when the answer is closed. */
  interface Settlement {
    void settle(UpstreamExchange exchange, boolean completed, boolean clientGone);
  }

  private final int status;
  private final HttpHeaders headers;
  private final String contentType;
  private final byte[] body;
  private final UpstreamExchange exchange;
  private final Settlement settlement;
  private final Channel channel;
  private final int attempts;
  private String keyFingerprint;
  private StreamFrame pending;
  private boolean completed;
  private volatile boolean clientGone;
  private boolean closed;

  private RoutedResponse(int status, HttpHeaders headers, String contentType, byte[] body,
      UpstreamExchange exchange, StreamFrame first, Settlement settlement, Channel channel, int attempts) {
    this.status = status;
    this.headers = headers;
    this.contentType = contentType;
    this.body = body;
    this.exchange = exchange;
    this.pending = first;
    this.settlement = settlement;
    this.channel = channel;
    this.attempts = attempts;
  }

  /** An answer made by the router itself (no upstream answer is held). */
  static RoutedResponse local(int status, HttpHeaders headers, String contentType, byte[] body, Channel channel,
      int attempts) {
    return new RoutedResponse(status, headers, contentType, body, null, null, null, channel, attempts);
  }

  /** A non-streamed upstream answer whose body was read already. */
  static RoutedResponse buffered(UpstreamExchange exchange, byte[] body, Channel channel, int attempts) {
    return new RoutedResponse(exchange.status(), exchange.headers(), exchange.contentType(), body, null, null, null,
        channel, attempts);
  }

  /** A streamed upstream answer; {@code first} is its first frame, read already. */
  static RoutedResponse stream(UpstreamExchange exchange, StreamFrame first, Settlement settlement, Channel channel,
      int attempts) {
    return new RoutedResponse(exchange.status(), exchange.headers(), exchange.contentType(), null, exchange, first,
        settlement, channel, attempts);
  }

  /** Records the {@link dev.llmrouter.api.Keys#fingerprint fingerprint} of the key of the attempt that answered. */
  RoutedResponse withKeyFingerprint(String fingerprint) {
    this.keyFingerprint = fingerprint;
    return this;
  }

  /**
   * The fingerprint of the key whose attempt answered, or null for answers made by the router.
   *
   * @return the fingerprint, or null
   */
  public String keyFingerprint() {
    return keyFingerprint;
  }

  /**
   * The HTTP status for the client.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * Headers for the client (the upstream's, filtered; for router errors such as {@code retry-after}).
   *
   * @return the headers, never null
   */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * The content type for the client.
   *
   * @return the content type, or null
   */
  public String contentType() {
    return contentType;
  }

  /**
   * True when the answer is a stream: use {@link #nextFrame()}; otherwise use {@link #body()}.
   *
   * @return whether frames follow instead of a body
   */
  public boolean isStream() {
    return exchange != null;
  }

  /**
   * The whole body of a non-streamed answer.
   *
   * @return a copy of the body (the answer itself stays unchanged whatever the caller does with it)
   * @throws IllegalStateException when the answer is a stream
   */
  public byte[] body() {
    if (body == null) throw new IllegalStateException("streamed answer: use nextFrame()");
    return body.clone();
  }

  /**
   * The whole body of a non-streamed answer, to be written out as it is: read-only, and not a copy.
   *
   * @return the body, from its start (each call a buffer of its own position)
   * @throws IllegalStateException when the answer is a stream
   */
  public ByteBuffer bodyBuffer() {
    if (body == null) throw new IllegalStateException("streamed answer: use nextFrame()");
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /**
   * The next frame of a streamed answer, or null at its end. A stream that breaks ends with an error
   * frame in the client's protocol.
   *
   * @return the next frame, or null after the last one
   * @throws IOException when reading the upstream fails (in practice the router reports breaks as an error frame)
   * @throws IllegalStateException when the answer is not a stream
   */
  public StreamFrame nextFrame() throws IOException {
    if (exchange == null) throw new IllegalStateException("not a stream: use body()");
    if (pending != null) {
      StreamFrame f = pending;
      pending = null;
      if (f.error()) completed = true;
      return f;
    }
    if (completed) return null;
    StreamFrame f = exchange.nextFrame();
    if (f == null || f.error()) completed = true;
    return f;
  }

  /**
   * The frame that ends this stream early with an error, in the client's protocol and in step with
   * what was sent so far (a converted Responses stream keeps its sequence numbers): for a stream cut
   * for a reason outside the upstream, such as a shutdown.
   *
   * @param message the text shown to the client
   * @return the error frame, or null when the upstream exchange has none to offer
   * @throws IllegalStateException when the answer is not a stream
   */
  public StreamFrame errorFrame(String message) {
    if (exchange == null) throw new IllegalStateException("not a stream");
    return exchange.errorFrame(message);
  }

  /**
   * The channel that answered, or null when none did.
   *
   * @return the channel, or null
   */
  public Channel channel() {
    return channel;
  }

  /**
   * How many upstream calls this answer took.
   *
   * @return the number of upstream calls
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Tells that the client went away: the upstream call is cancelled at once and the attempt is
   * recorded as cancelled, not failed. Any thread may call it.
   */
  public void cancel() {
    clientGone = true;
    if (exchange != null) exchange.cancel();
  }

  /** Releases the upstream answer and records the outcome. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (exchange != null) {
      try {
        exchange.close();
      } finally {
        if (settlement != null) settlement.settle(exchange, completed, clientGone);
      }
    }
  }

}
