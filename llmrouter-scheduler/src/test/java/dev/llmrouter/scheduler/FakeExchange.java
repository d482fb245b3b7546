package dev.llmrouter.scheduler;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A scripted upstream answer. Records whether it was closed and cancelled. */
final class FakeExchange implements UpstreamExchange {
  final int status;
  final HttpHeaders headers;
  final byte[] body;
  final boolean stream;
  private final Deque<StreamFrame> frames;
  private final boolean failFirstRead;
  private String failure;
  volatile boolean closed;
  volatile boolean cancelled;

  private FakeExchange(int status, HttpHeaders headers, byte[] body, boolean stream, List<StreamFrame> frames,
      boolean failFirstRead) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.stream = stream;
    this.frames = new ArrayDeque<>(frames);
    this.failFirstRead = failFirstRead;
  }

  static FakeExchange ok(String json) {
    return new FakeExchange(200, HttpHeaders.empty(), json.getBytes(StandardCharsets.UTF_8), false, List.of(), false);
  }

  static FakeExchange error(int status, String json, String... headers) {
    return new FakeExchange(status, HttpHeaders.of(headers), json.getBytes(StandardCharsets.UTF_8), false, List.of(),
        false);
  }

  static FakeExchange stream(StreamFrame... frames) {
    return new FakeExchange(200, HttpHeaders.empty(), null, true, List.of(frames), false);
  }

  static FakeExchange streamBreakingBeforeFirstEvent() {
    return new FakeExchange(200, HttpHeaders.empty(), null, true, List.of(), true);
  }

  @Override public int status() { return status; }
  @Override public boolean isStream() { return stream; }
  @Override public HttpHeaders headers() { return headers; }
  @Override public String contentType() { return stream ? "text/event-stream" : "application/json"; }
  @Override public byte[] errorBody() { return body; }
  @Override public byte[] clientErrorBody() { return body; }
  @Override public byte[] body() { return body; }

  @Override
  public StreamFrame nextFrame() throws IOException {
    if (failFirstRead) throw new IOException("unexpected end of stream");
    StreamFrame f = frames.poll();
    if (f != null && f.error()) failure = "upstream sent an error event";
    return f;
  }

  @Override
  public StreamFrame errorFrame(String message) {
    return new StreamFrame(("event: error\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8), true);
  }

  @Override public Usage usage() { return Usage.NONE; }
  @Override public String failure() { return failure; }
  @Override public long headersNanos() { return 1; }
  @Override public void cancel() { cancelled = true; }
  @Override public void close() { closed = true; }
}
