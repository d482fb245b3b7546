package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A 2xx answer from an upstream that speaks the client's protocol: the JSON body or each SSE event
 * goes to the client byte for byte. A {@link StreamWatcher} reads usage and spots in-band errors on
 * the way. Owns the upstream response.
 *
 * <p>One repair: a Gemini upstream that answers a stream request with one JSON object (as some
 * relays do) is sent to the client as a one-event stream, since a Gemini JSON answer and a Gemini
 * stream chunk have the same shape.
 */
public final class PassthroughExchange implements UpstreamExchange {
  private final Protocol protocol;
  private final Call call;
  private final Response response;
  private final boolean upstreamStream;
  private final boolean jsonAsStream;
  private final StreamWatcher watcher;
  private final HttpHeaders headers;
  private final long headersNanos;
  private SseReader reader;
  private Usage usage = Usage.NONE;
  private boolean anyFrame;
  private boolean done;
  private String failure;
  private boolean closed;

  /**
   * @param clientStream whether the client asked for a stream
   */
  public PassthroughExchange(Protocol protocol, Call call, Response response, StreamWatcher watcher,
      boolean clientStream, long headersNanos) {
    this.protocol = protocol;
    this.call = call;
    this.response = response;
    this.headersNanos = headersNanos;
    String type = response.header("Content-Type", "");
    this.upstreamStream = type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    this.jsonAsStream = clientStream && !upstreamStream && protocol == Protocol.GEMINI;
    this.watcher = watcher;
    this.headers = HeaderPolicy.response(response.headers());
  }

  @Override public int status() { return response.code(); }
  @Override public boolean isStream() { return upstreamStream || jsonAsStream; }
  @Override public HttpHeaders headers() { return headers; }

  @Override
  public String contentType() {
    if (jsonAsStream) return "text/event-stream";
    return response.header("Content-Type", upstreamStream ? "text/event-stream" : "application/json");
  }

  @Override public byte[] errorBody() { return new byte[0]; }
  @Override public byte[] clientErrorBody() { return new byte[0]; }

  @Override
  public byte[] body() throws IOException {
    try {
      byte[] bytes = response.body().bytes();
      usage = UsageReaders.read(protocol, bytes);
      done = true;
      return bytes;
    } finally {
      close();
    }
  }

  @Override
  public StreamFrame nextFrame() throws IOException {
    if (done) return null;
    if (jsonAsStream) return jsonFrame();
    if (reader == null) reader = new SseReader(response.body().source());
    SseEvent event;
    try {
      event = reader.next();
    } catch (IOException e) {
      if (!anyFrame) throw e;
      done = true;
      failure = Failures.describe(e);
      return errorFrame("upstream stream failed: " + failure);
    }
    if (event == null) {
      done = true;
      if (!watcher.completed()) {
        failure = "upstream stream ended before its final event";
        if (!anyFrame) throw new IOException(failure);
        return errorFrame(failure);
      }
      return null;
    }
    anyFrame = true;
    boolean error = watcher.onEvent(event);
    usage = watcher.usage();
    if (error) {
      done = true;
      failure = "upstream sent an error event";
    } else if (watcher.completed() && !watcher.endsAtEof()) {
      // The terminal event ends the answer; nothing after it is waited for.
      done = true;
    }
    return new StreamFrame(event.raw(), error);
  }

  private StreamFrame jsonFrame() throws IOException {
    byte[] bytes;
    try {
      bytes = response.body().bytes();
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

  @Override public Usage usage() { return usage; }
  @Override public String failure() { return failure; }
  @Override public long headersNanos() { return headersNanos; }

  @Override
  public void cancel() {
    call.cancel();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (!done) call.cancel();
    response.close();
  }
}
