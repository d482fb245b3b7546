package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.PushedExchange;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseFrames;
import dev.llmrouter.api.sse.SseSplitter;
import dev.llmrouter.convert.usage.UsageReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The answer of a {@link DirectPassthrough} attempt, whose body its caller reads without blocking
 * and pushes in: what {@link PassthroughExchange} and {@link ErrorExchange} are to an OkHttp
 * answer, with the same frames, failures and usage. A 2xx SSE answer is split into events as bytes
 * come, one whole event at a time handed out with its exact bytes and watched by a
 * {@link StreamWatcher}; a non-2xx answer keeps the first {@link ErrorBodies#LIMIT} bytes of its
 * body; any other answer is kept whole, up to the body limit. A body the upstream sent with
 * {@code Content-Encoding: gzip} (though the call asked for none) is decoded as it comes ({@link
 * GzipDecoder}), before any of that, as OkHttp decodes it: the limits hold for the decoded bytes,
 * and a body that is not gzip fails the answer as an upstream fault. Not thread-safe, except
 * {@link #cancel()}.
 */
public final class PushedPassthroughExchange extends AnswerState implements PushedExchange {
  private final Protocol protocol;
  private final int status;
  private final HttpHeaders headers;
  private final String contentType;
  private final boolean upstreamStream;
  private final boolean jsonAsStream;
  private final StreamWatcher watcher;
  private final long headersNanos;
  private final long maxBodyBytes;
  private final Runnable abort;
  private final SseSplitter splitter;
  /** Decodes a gzip body; null for a body sent as it is. */
  private final GzipDecoder gzip;
  /** The body of an answer that is not an event stream (error or JSON), as it comes. */
  private byte[] kept = new byte[0];
  private int keptLength;
  /** The next whole event, split ahead so that {@link #ready()} can tell. */
  private SseEvent pending;
  private IOException readFailure;
  private boolean ended;
  private boolean finalTaken;
  private boolean closed;
  private boolean aborted;

  /**
   * Starts an answer whose body has not come yet.
   *
   * @param protocol the protocol both the client and the upstream speak
   * @param status the upstream's status code
   * @param upstreamHeaders the upstream's response headers, as received
   * @param watcher a new watcher for this answer's stream, used by no one else
   * @param clientStream whether the client asked for a stream
   * @param headersNanos nanoseconds from the start of the attempt to the headers
   * @param maxEventBytes the largest SSE line or event taken
   * @param maxBodyBytes the largest answer that is not a stream taken
   * @param abort closes the upstream connection; run at most once
   */
  public PushedPassthroughExchange(Protocol protocol, int status, HttpHeaders upstreamHeaders, StreamWatcher watcher,
      boolean clientStream, long headersNanos, long maxEventBytes, long maxBodyBytes, Runnable abort) {
    this.protocol = protocol;
    this.status = status;
    this.headers = HeaderPolicy.response(upstreamHeaders);
    String type = upstreamHeaders.get("content-type");
    boolean sse = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    boolean ok = status >= 200 && status < 300;
    this.upstreamStream = ok && sse;
    this.jsonAsStream = ok && clientStream && !sse && protocol == Protocol.GEMINI;
    this.contentType = jsonAsStream ? "text/event-stream"
        : type != null ? CommonStrings.of(type) : upstreamStream ? "text/event-stream" : "application/json";
    this.watcher = watcher;
    this.headersNanos = headersNanos;
    this.maxBodyBytes = maxBodyBytes;
    this.abort = abort;
    this.splitter = upstreamStream ? new SseSplitter(maxEventBytes) : null;
    this.gzip = gzipped(upstreamHeaders.get("content-encoding")) ? new GzipDecoder() : null;
  }

  private static boolean gzipped(String encoding) {
    if (encoding == null) return false;
    String e = encoding.trim();
    return e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip");
  }

  @Override public int status() { return status; }
  @Override public boolean isStream() { return upstreamStream || jsonAsStream; }
  @Override public HttpHeaders headers() { return headers; }
  @Override public String contentType() { return contentType; }
  @Override public Usage usage() { return usageSoFar(); }
  @Override public String failure() { return failure; }
  @Override public long headersNanos() { return headersNanos; }

  private boolean successful() {
    return status >= 200 && status < 300;
  }

  /** The most bytes of a body that is not an event stream kept: the error limit, or the answer limit. */
  private long keptLimit() {
    return successful() ? maxBodyBytes : ErrorBodies.LIMIT;
  }

  @Override
  public void push(ByteBuffer bytes) {
    if (finished()) {
      bytes.position(bytes.limit());
      return;
    }
    if (gzip != null) {
      try {
        gzip.feed(bytes, this::take);
      } catch (IOException e) {
        readFailure = e;
        bytes.position(bytes.limit());
      }
      return;
    }
    take(bytes);
  }

  /**
   * Takes the body's next (decoded) bytes.
   *
   * @return false once no more bytes are wanted
   */
  private boolean take(ByteBuffer bytes) {
    if (splitter != null) {
      try {
        splitter.feed(bytes);
        if (pending == null) pending = splitter.poll();
      } catch (IOException e) {
        readFailure = e;
      }
      return !finished();
    }
    int n = bytes.remaining();
    long limit = keptLimit();
    if (keptLength + (long) n > limit) {
      if (successful()) {
        bytes.position(bytes.limit());
        readFailure = new TooLargeException("upstream answer", limit);
        return false;
      }
      n = (int) (limit - keptLength);
    }
    if (keptLength + n > kept.length) kept = Arrays.copyOf(kept, Math.max(keptLength + n, kept.length * 2));
    bytes.get(kept, keptLength, n);
    keptLength += n;
    bytes.position(bytes.limit());
    return !finished();
  }

  @Override
  public void end() {
    if (gzip != null && !finished()) {
      try {
        gzip.finish();
      } catch (IOException e) {
        readFailure = e;
      }
    }
    ended = true;
  }

  @Override
  public void fail(IOException e) {
    if (readFailure == null) readFailure = e;
  }

  @Override
  public boolean ready() {
    if (splitter == null) return ended || readFailure != null || !successful() && keptLength >= ErrorBodies.LIMIT;
    return done || pending != null || readFailure != null || ended;
  }

  @Override
  public boolean finished() {
    if (closed || ended || readFailure != null) return true;
    if (splitter == null) return !successful() && keptLength >= ErrorBodies.LIMIT;
    return done;
  }

  @Override
  public boolean readToEnd() {
    return ended && readFailure == null;
  }

  private byte[] keptBytes() {
    return Arrays.copyOf(kept, keptLength);
  }

  @Override
  public byte[] errorBody() {
    return successful() ? new byte[0] : keptBytes();
  }

  @Override
  public byte[] clientErrorBody() {
    return errorBody();
  }

  /**
   * The whole body of an answer that is not a stream; closes this exchange.
   *
   * @return the upstream's bytes, unchanged
   * @throws IOException when reading the body failed or it was larger than its limit
   */
  @Override
  public byte[] body() throws IOException {
    try {
      if (!successful()) return keptBytes();
      if (readFailure != null) throw readFailure;
      if (!ended) throw new IllegalStateException("the body has not ended");
      byte[] bytes = keptBytes();
      usage = UsageReaders.read(protocol, bytes);
      done = true;
      return bytes;
    } finally {
      close();
    }
  }

  /**
   * The next event's exact bytes, as {@link PassthroughExchange#nextFrame()} gives them: an in-band
   * error event ends the stream as an error frame; a read failure or an end before the protocol's
   * terminal event, once something was handed out, yields one error frame and then null. Call only
   * when {@link #ready()}.
   *
   * @return the next frame, or null at the end of the stream
   * @throws IOException when the first read failed, or the stream ended before any event and without
   *     its terminal event (nothing was relayed, so the router may fail over)
   * @throws IllegalStateException when not {@link #ready()}
   */
  @Override
  public StreamFrame nextFrame() throws IOException {
    if (done) return null;
    if (jsonAsStream) return jsonFrame();
    SseEvent event = pending;
    pending = null;
    if (event == null) {
      if (readFailure != null) {
        if (!anyFrame) {
          done = true;
          throw readFailure;
        }
        return brokeAfterFrames(readFailure);
      }
      if (!ended) throw new IllegalStateException("no whole event has come yet");
      if (!finalTaken) {
        finalTaken = true;
        try {
          event = splitter.finish();
        } catch (IOException e) {
          readFailure = e;
          return nextFrame();
        }
      }
    }
    StreamFrame frame = passThrough(event, watcher);
    if (!done && readFailure == null) {
      try {
        pending = splitter.poll();
      } catch (IOException e) {
        readFailure = e;
      }
    }
    return frame;
  }

  private StreamFrame jsonFrame() throws IOException {
    done = true;
    if (readFailure != null) throw readFailure;
    if (!ended) throw new IllegalStateException("the body has not ended");
    byte[] bytes = keptBytes();
    usage = UsageReaders.read(protocol, bytes);
    return StreamFrame.of(SseFrames.data(new String(bytes, StandardCharsets.UTF_8).trim()));
  }

  @Override
  public StreamFrame errorFrame(String message) {
    return new StreamFrame(ClientErrors.streamEvent(protocol, ErrorType.UPSTREAM, message), true);
  }

  @Override
  public void cancel() {
    abortOnce();
  }

  private synchronized void abortOnce() {
    if (aborted) return;
    aborted = true;
    abort.run();
  }

  /** Releases the answer: a connection not read to the answer's end is closed, not reused. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (gzip != null) gzip.close();
    if (!readToEnd()) abortOnce();
  }
}
