package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A 2xx answer from an upstream that speaks the client's protocol: the JSON body or each SSE event
 * goes to the client byte for byte. A {@link StreamWatcher} reads usage and spots in-band errors on
 * the way. Owns the upstream response.
 */
public final class PassthroughExchange implements UpstreamExchange {
  private final Protocol protocol;
  private final Call call;
  private final Response response;
  private final boolean stream;
  private final StreamWatcher watcher;
  private final HttpHeaders headers;
  private final long headersNanos;
  private SseReader reader;
  private Usage usage = Usage.NONE;
  private boolean anyFrame;
  private boolean done;
  private String failure;
  private boolean closed;

  public PassthroughExchange(Protocol protocol, Call call, Response response, StreamWatcher watcher, long headersNanos) {
    this.protocol = protocol;
    this.call = call;
    this.response = response;
    this.headersNanos = headersNanos;
    String type = response.header("Content-Type", "");
    this.stream = type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
    this.watcher = watcher;
    this.headers = HeaderPolicy.response(response.headers());
  }

  @Override public int status() { return response.code(); }
  @Override public boolean isStream() { return stream; }
  @Override public HttpHeaders headers() { return headers; }

  @Override
  public String contentType() {
    return response.header("Content-Type", stream ? "text/event-stream" : "application/json");
  }

  @Override public byte[] errorBody() { return new byte[0]; }
  @Override public byte[] clientErrorBody() { return new byte[0]; }

  @Override
  public byte[] body() throws IOException {
    byte[] bytes = response.body().bytes();
    usage = UsageReaders.read(protocol, bytes);
    close();
    return bytes;
  }

  @Override
  public StreamFrame nextFrame() throws IOException {
    if (done) return null;
    if (reader == null) reader = new SseReader(response.body().source());
    SseEvent event;
    try {
      event = reader.next();
    } catch (IOException e) {
      if (!anyFrame) throw e;
      done = true;
      failure = describe(e);
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
    } else if (watcher.completed()) {
      // The terminal event ends the answer; nothing after it is waited for.
      done = true;
    }
    return new StreamFrame(event.raw(), error);
  }

  private static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) return "idle timeout";
    if (e instanceof InterruptedIOException) return "timeout";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
    if (stream && !done) call.cancel();
    response.close();
  }
}
