package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseFrames;
import dev.llmrouter.convert.usage.UsageReaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A 2xx answer from an upstream that speaks the client's protocol: the JSON body or each SSE event
 * goes to the client byte for byte. A {@link StreamWatcher} reads usage and spots in-band errors on
 * the way. Owns the OkHttp response and is released as {@link OkHttpAnswer} says; {@link #body()}
 * closes the exchange itself. Not thread-safe, except {@link #cancel()}, which any thread may call.
 *
 * <p>One repair: a Gemini upstream that answers a stream request with one JSON object (as some
 * relays do) is sent to the client as a one-event stream, since a Gemini JSON answer and a Gemini
 * stream chunk have the same shape.
 */
public final class PassthroughExchange extends OkHttpAnswer {
  private final Protocol protocol;
  private final boolean jsonAsStream;
  private final StreamWatcher watcher;
  private final HttpHeaders headers;
  private SseReader reader;

  /**
   * Wraps a 2xx answer whose body has not been read yet.
   *
   * @param protocol the protocol both the client and the upstream speak
   * @param call the upstream call, cancelled by {@link #cancel()} and by an early {@link #close()}
   * @param response the unread 2xx response; ownership passes to this exchange
   * @param watcher a new watcher for this answer's stream, used by no one else
   * @param clientStream whether the client asked for a stream
   * @param headersNanos nanoseconds from the start of the attempt to the response headers
   * @param maxEventBytes the largest SSE line or event read
   * @param maxBodyBytes the largest non-streamed answer read
   */
  public PassthroughExchange(Protocol protocol, Call call, Response response, StreamWatcher watcher,
      boolean clientStream, long headersNanos, long maxEventBytes, long maxBodyBytes) {
    super(call, response, headersNanos, maxEventBytes, maxBodyBytes);
    this.protocol = protocol;
    this.jsonAsStream = clientStream && !upstreamStream && protocol == Protocol.GEMINI;
    this.watcher = watcher;
    this.headers = HeaderPolicy.response(response.headers());
  }

  @Override public boolean isStream() { return upstreamStream || jsonAsStream; }
  @Override public HttpHeaders headers() { return headers; }

  @Override
  public String contentType() {
    if (jsonAsStream) return "text/event-stream";
    return response.header("Content-Type", upstreamStream ? "text/event-stream" : "application/json");
  }

  /**
   * Reads the whole upstream body, records its usage and closes this exchange.
   *
   * @return the upstream's bytes, unchanged
   * @throws IOException when reading the upstream fails or the body is larger than its limit
   */
  @Override
  public byte[] body() throws IOException {
    try {
      byte[] bytes = Bodies.read(response.body(), maxBodyBytes);
      usage = UsageReaders.read(protocol, bytes);
      done = true;
      return bytes;
    } finally {
      close();
    }
  }

  /**
   * Reads the next upstream event and returns its exact bytes. An in-band error event is returned
   * as an error frame and ends the stream; a read failure or an end before the protocol's terminal
   * event, once something was relayed, yields one error frame and then null.
   *
   * @return the next frame, or null at the end of the stream
   * @throws IOException when the first read fails, or the stream ends before any event and without
   *     its terminal event (nothing was relayed, so the router may fail over)
   */
  @Override
  public StreamFrame nextFrame() throws IOException {
    if (done) return null;
    if (jsonAsStream) return jsonFrame();
    if (reader == null) reader = newReader();
    SseEvent event;
    try {
      event = reader.next();
      if (deadline != null) deadline.eventArrived();
    } catch (IOException e) {
      if (!anyFrame) throw e;
      return brokeAfterFrames(e);
    }
    return passThrough(event, watcher);
  }

  private StreamFrame jsonFrame() throws IOException {
    byte[] bytes;
    try {
      bytes = Bodies.read(response.body(), maxBodyBytes);
    } finally {
      done = true;
    }
    usage = UsageReaders.read(protocol, bytes);
    return StreamFrame.of(SseFrames.data(new String(bytes, StandardCharsets.UTF_8).trim()));
  }

  @Override
  public StreamFrame errorFrame(String message) {
    return new StreamFrame(ClientErrors.streamEvent(protocol, ErrorType.UPSTREAM, message), true);
  }
}
