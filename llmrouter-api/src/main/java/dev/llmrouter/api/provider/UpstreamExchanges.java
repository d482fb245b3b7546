package dev.llmrouter.api.provider;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Ready-made {@link UpstreamExchange}s for custom {@link Provider}s that produce answers in memory
 * (test doubles, local models, caches): a whole JSON answer, or a stream of frames. The exchanges
 * hold no resources, so closing them only stops further frames. Like every exchange they are not
 * thread-safe, except {@link UpstreamExchange#cancel()}.
 */
public final class UpstreamExchanges {
  private UpstreamExchanges() {}

  /**
   * Returns a complete JSON answer already in the client's protocol. A non-2xx status makes it an
   * error answer whose body is relayed as it is.
   *
   * @param status the HTTP status
   * @param body the body; not copied, so do not modify it afterwards
   * @param usage the usage to report
   * @return a non-streamed exchange with no headers
   * @throws NullPointerException when {@code usage} is null
   */
  public static UpstreamExchange json(int status, byte[] body, Usage usage) {
    return new Memory(status, false, "application/json", body, List.<StreamFrame>of().iterator(), usage, null);
  }

  /**
   * Returns a 2xx streamed answer whose frames are handed out one by one.
   *
   * @param events complete SSE events in the client's protocol, one frame each
   * @param usage the usage to report
   * @param clientProtocol the client's protocol, for {@link UpstreamExchange#errorFrame}; null means
   *     Anthropic
   * @return a streamed exchange with no headers
   * @throws NullPointerException when {@code events} or {@code usage} is null
   */
  public static UpstreamExchange stream(List<byte[]> events, Usage usage, dev.llmrouter.api.Protocol clientProtocol) {
    Iterator<StreamFrame> frames = events.stream().map(StreamFrame::of).iterator();
    return new Memory(200, true, "text/event-stream", null, frames, usage, clientProtocol);
  }

  private static final class Memory implements UpstreamExchange {
    private final int status;
    private final boolean stream;
    private final String contentType;
    private final byte[] body;
    private final Iterator<StreamFrame> frames;
    private final Usage usage;
    private final dev.llmrouter.api.Protocol protocol;
    private volatile boolean cancelled;

    Memory(int status, boolean stream, String contentType, byte[] body, Iterator<StreamFrame> frames, Usage usage,
        dev.llmrouter.api.Protocol protocol) {
      this.status = status;
      this.stream = stream;
      this.contentType = contentType;
      this.body = body;
      this.frames = frames;
      this.usage = Objects.requireNonNull(usage, "usage");
      this.protocol = protocol;
    }

    @Override public int status() { return status; }
    @Override public boolean isStream() { return stream; }
    @Override public HttpHeaders headers() { return HttpHeaders.empty(); }
    @Override public String contentType() { return contentType; }
    @Override public byte[] errorBody() { return isSuccessful() ? new byte[0] : body; }
    @Override public byte[] clientErrorBody() { return errorBody(); }
    @Override public byte[] body() { return body; }

    @Override
    public StreamFrame nextFrame() {
      if (cancelled || !frames.hasNext()) return null;
      return frames.next();
    }

    @Override
    public StreamFrame errorFrame(String message) {
      return new StreamFrame(ClientErrors.streamEvent(protocol == null ? dev.llmrouter.api.Protocol.CLAUDE : protocol,
          ErrorType.UPSTREAM, message), true);
    }

    @Override public Usage usage() { return usage; }
    @Override public long headersNanos() { return 0; }
    @Override public void cancel() { cancelled = true; }
    @Override public void close() { cancelled = true; }
  }
}
