package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.convert.usage.UsageReaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A 2xx answer from an upstream that speaks another protocol than the client: the JSON body goes
 * through {@link Converter#response}, a stream through a {@link StreamConverter}, one upstream event
 * at a time, and each batch of client events is handed out as one {@link StreamFrame}. Not
 * thread-safe, except {@link #cancel()}, which any thread may call. Owns the OkHttp response and is
 * released as {@link OkHttpAnswer} says; {@link #body()} closes the exchange itself.
 *
 * <p>Stream endings: EOF calls {@link StreamConverter#finish()} (the client always gets a properly
 * closed stream; an EOF before the upstream's terminal event is recorded as a failure); a read error
 * after the first frame calls {@link StreamConverter#fail}; a read error or an empty stream before
 * any frame is thrown, so the router may still fail over. An upstream that answers a stream request
 * with plain JSON is replayed as the equivalent upstream events, so the client still gets a stream.
 *
 * <p>Each frame also carries the common events its bytes were encoded from
 * ({@link StreamFrame#events()}, from {@link StreamConverter#events()}), so that a typed reader
 * needs no second decoding; events that gave no bytes of their own ride with the next frame.
 */
public final class ConvertingExchange extends OkHttpAnswer {
  private final Protocol upstream;
  private final Protocol client;
  private final Converter converter;
  private final ConvertContext context;
  private final HttpHeaders headers;
  private StreamConverter streamConverter;
  private SseReader reader;
  private Deque<SseEvent> replay;
  private List<StreamEvent> pendingEvents;
  private boolean eventsKnown = true;

  /**
   * Wraps a 2xx answer whose body has not been read yet.
   *
   * @param upstream the protocol the upstream speaks
   * @param client the protocol the client speaks
   * @param converter converts the answer or stream from {@code upstream} to {@code client}
   * @param context the context the request was converted with; its {@code stream} flag says
   *     whether the client gets a stream
   * @param call the upstream call, cancelled by {@link #cancel()} and by an early {@link #close()}
   * @param response the unread 2xx response; ownership passes to this exchange
   * @param headersNanos nanoseconds from the start of the attempt to the response headers
   * @param maxEventBytes the largest SSE line or event read
   * @param maxBodyBytes the largest non-streamed answer read
   */
  public ConvertingExchange(Protocol upstream, Protocol client, Converter converter, ConvertContext context, Call call,
      Response response, long headersNanos, long maxEventBytes, long maxBodyBytes) {
    super(call, response, headersNanos, maxEventBytes, maxBodyBytes);
    this.upstream = upstream;
    this.client = client;
    this.converter = converter;
    this.context = context;
    HttpHeaders converted = HeaderPolicy.responseConverted(response.headers());
    List<String> dropped = context.notes().dropped();
    // What the conversion left out of the upstream request is named to the client.
    this.headers = dropped.isEmpty() ? converted
        : converted.toBuilder().set(DROPPED_HEADER, HeaderPolicy.headerValue(String.join(", ", dropped))).build();
  }

  /** The response header naming what a conversion left out of the upstream request. */
  public static final String DROPPED_HEADER = "x-llmrouter-dropped";

  @Override public boolean isStream() { return context.stream(); }
  @Override public HttpHeaders headers() { return headers; }

  @Override
  public String contentType() {
    return context.stream() ? "text/event-stream" : "application/json";
  }

  /**
   * Reads the whole upstream body, records its usage, converts it and closes this exchange.
   *
   * @return the answer in the client's protocol
   * @throws IOException when the upstream body cannot be read, is larger than its limit, is a stream,
   *     or is not an answer of its protocol
   */
  @Override
  public byte[] body() throws IOException {
    try {
      if (upstreamStream) throw new IOException("upstream answered a non-streamed request with a stream");
      byte[] bytes = Bodies.read(response.body(), maxBodyBytes);
      done = true;
      usage = UsageReaders.read(upstream, bytes);
      try {
        return converter.response(upstream, client, bytes, context);
      } catch (RuntimeException e) {
        throw new IOException("upstream answer could not be converted: " + e.getMessage(), e);
      }
    } finally {
      close();
    }
  }

  /**
   * Reads upstream events until the stream converter yields client events, and returns them as one
   * frame. A read failure after the first frame, an event that cannot be converted, or an in-band
   * upstream error ends the stream with an error frame; the end of the upstream stream yields the
   * converter's closing events (if any) and then null.
   *
   * @return the next frame, or null at the end of the stream
   * @throws IOException when the first read fails, the upstream sent an empty stream, or a plain
   *     JSON answer could not be replayed as events (nothing was relayed, so the router may fail
   *     over)
   */
  @Override
  public StreamFrame nextFrame() throws IOException {
    if (done) return null;
    if (streamConverter == null) streamConverter = converter.stream(upstream, client, context);
    while (true) {
      SseEvent event;
      try {
        event = nextUpstreamEvent();
      } catch (IOException e) {
        if (!anyFrame) throw e;
        done = true;
        failure = Failures.describe(e);
        return end(collect(streamConverter.fail(Failures.STREAM_FAILED + failure)), true);
      } catch (RuntimeException e) {
        // The upstream's JSON answer could not be replayed as events: it is not an answer of its protocol.
        throw new IOException("upstream answer could not be converted: " + e.getMessage(), e);
      }
      if (event == null) {
        done = true;
        if (!streamConverter.completed()) failure = Failures.ENDED_EARLY;
        List<byte[]> closing = collect(streamConverter.finish());
        usage = streamConverter.usage();
        if (!anyFrame && closing.isEmpty()) throw new IOException("upstream sent an empty stream");
        return closing.isEmpty() ? null : end(closing, false);
      }
      List<byte[]> frames;
      try {
        frames = collect(streamConverter.onEvent(event));
      } catch (RuntimeException e) {
        done = true;
        failure = "upstream event could not be converted: " + e.getMessage();
        return end(collect(streamConverter.fail(failure)), true);
      }
      usage = streamConverter.usage();
      String upstreamError = streamConverter.upstreamError();
      if (upstreamError != null) {
        done = true;
        failure = Failures.ERROR_EVENT + ": " + upstreamError;
        return end(frames.isEmpty() ? collect(streamConverter.fail(upstreamError)) : frames, true);
      }
      if (frames.isEmpty()) continue;
      anyFrame = true;
      return new StreamFrame(join(frames), false, takeEvents());
    }
  }

  /** Adds the events behind {@code frames} to those of the next frame; returns {@code frames}. */
  private List<byte[]> collect(List<byte[]> frames) {
    List<StreamEvent> events = streamConverter.events();
    if (events == null) {
      eventsKnown = false;
    } else if (pendingEvents == null) {
      // Usually one call gives one frame: its list goes on as it is (the frame copies it).
      if (!events.isEmpty()) pendingEvents = events;
    } else if (!events.isEmpty()) {
      List<StreamEvent> merged = new ArrayList<>(pendingEvents.size() + events.size());
      merged.addAll(pendingEvents);
      merged.addAll(events);
      pendingEvents = merged;
    }
    return frames;
  }

  /** The events for the frame about to be made: null when some of its bytes were not made from events. */
  private List<StreamEvent> takeEvents() {
    List<StreamEvent> events = !eventsKnown ? null : pendingEvents == null ? List.of() : pendingEvents;
    pendingEvents = null;
    eventsKnown = true;
    return events;
  }

  private SseEvent nextUpstreamEvent() throws IOException {
    if (upstreamStream) {
      if (reader == null) reader = newReader();
      SseEvent event = reader.next();
      if (deadline != null) deadline.eventArrived();
      return event;
    }
    if (replay == null) replay = new ArrayDeque<>(StreamReplay.events(upstream, Bodies.read(response.body(), maxBodyBytes)));
    return replay.poll();
  }

  private StreamFrame end(List<byte[]> frames, boolean error) {
    anyFrame = true;
    if (frames.isEmpty()) return new StreamFrame(ClientErrors.streamEvent(client, ErrorType.UPSTREAM, failure), true);
    return new StreamFrame(join(frames), error, takeEvents());
  }

  private static byte[] join(List<byte[]> frames) {
    if (frames.size() == 1) return frames.get(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : frames) out.writeBytes(f);
    return out.toByteArray();
  }

  @Override
  public StreamFrame errorFrame(String message) {
    List<byte[]> frames = streamConverter == null ? List.of() : streamConverter.fail(message);
    if (!frames.isEmpty()) return new StreamFrame(join(frames), true);
    return new StreamFrame(ClientErrors.streamEvent(client, ErrorType.UPSTREAM, message), true);
  }
}
