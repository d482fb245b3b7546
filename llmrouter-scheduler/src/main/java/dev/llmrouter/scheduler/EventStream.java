package dev.llmrouter.scheduler;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer that the caller pulls, one item at a time: raw {@link StreamFrame}s (complete
 * server-sent events in the client's protocol, byte for byte what the HTTP server would send), or
 * typed {@link dev.llmrouter.api.model.StreamEvent}s: the common events that converted frames carry,
 * or decoded from the frames of a stream passed through. Iterate it once, or turn
 * it into a {@link Stream} with {@link #stream()}:
 *
 * <pre>{@code
 * try (EventStream<StreamFrame> events = router.messages().stream(json)) {
 *   for (StreamFrame frame : events) out.write(frame.bytes());
 * }
 * }</pre>
 *
 * <p><b>Ownership.</b> The caller owns the stream and must {@link #close()} it on every path
 * (try-with-resources). It holds an upstream connection until it is read to its end or closed.
 * Closing it before the end cancels the upstream call, releases the connection, and records the
 * attempt as cancelled (not a failure of the channel). Reaching the end releases the connection at
 * once; closing afterwards does nothing.
 *
 * <p><b>Threading.</b> Not thread-safe: one thread reads it. {@link #cancel()} may be called from any
 * thread (a timeout, a user pressing stop): a blocked read then ends.
 *
 * <p><b>Errors.</b> A stream that breaks after it started ends with an error item in the client's
 * protocol (a frame whose {@link StreamFrame#error()} is true, or a
 * {@link dev.llmrouter.api.model.StreamEvent.Error}); reading never fails over to another channel
 * once the first event arrived. An IO failure while reading surfaces as {@link UncheckedIOException}
 * from the iterator.
 *
 * @param <T> {@link StreamFrame} or {@link dev.llmrouter.api.model.StreamEvent}
 */
public final class EventStream<T> implements Iterable<T>, AutoCloseable {
  /** Turns frames into items. Not thread-safe; one per stream. */
  interface Decoder<T> {
    List<T> onFrame(StreamFrame frame);

    List<T> finish();
  }

  private final RoutedResponse response;
  private final Decoder<T> decoder;
  private final ArrayDeque<T> ready = new ArrayDeque<>();
  private boolean iterated;
  private boolean ended;
  private boolean broke;
  private boolean closed;

  EventStream(RoutedResponse response, Decoder<T> decoder) {
    this.response = Objects.requireNonNull(response, "response");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
  }

  /** Frames as they are. */
  static EventStream<StreamFrame> frames(RoutedResponse response) {
    return new EventStream<>(response, new Decoder<>() {
      @Override
      public List<StreamFrame> onFrame(StreamFrame frame) {
        return List.of(frame);
      }

      @Override
      public List<StreamFrame> finish() {
        return List.of();
      }
    });
  }

  /**
   * The items, in order. Blocks in {@code hasNext()} until the upstream sends the next event.
   *
   * @throws IllegalStateException when called a second time (a stream is read once)
   */
  @Override
  public Iterator<T> iterator() {
    if (iterated) throw new IllegalStateException("an event stream is read once");
    iterated = true;
    return new Iterator<>() {
      private T next;

      @Override
      public boolean hasNext() {
        if (next != null) return true;
        try {
          next = read();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        T t = next;
        next = null;
        return t;
      }
    };
  }

  /**
   * The items as a sequential {@link Stream}; closing that stream closes this one, so use it in
   * try-with-resources too.
   *
   * @return a stream of the items that closes this event stream when closed
   * @throws IllegalStateException when the items were already iterated
   */
  public Stream<T> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  private T read() throws IOException {
    while (ready.isEmpty()) {
      if (ended || closed) return null;
      StreamFrame frame = response.nextFrame();
      if (frame == null) {
        ended = true;
        ready.addAll(decoder.finish());
        response.close();
      } else {
        broke |= frame.error();
        ready.addAll(decoder.onFrame(frame));
      }
    }
    return ready.poll();
  }

  /**
   * The channel that is answering.
   *
   * @return the channel, never null
   */
  public Channel channel() {
    return response.channel();
  }

  /**
   * How many upstream calls it took to start this stream.
   *
   * @return the number of upstream calls, at least 1
   */
  public int attempts() {
    return response.attempts();
  }

  /**
   * The response headers the server would send.
   *
   * @return the headers, never null
   */
  public HttpHeaders headers() {
    return response.headers();
  }

  /**
   * The content type the server would send, such as {@code text/event-stream}.
   *
   * @return the content type
   */
  public String contentType() {
    return response.contentType();
  }

  /**
   * Cancels the upstream call now, from any thread; a read in progress ends. The attempt counts as
   * cancelled, not failed. The stream must still be closed.
   */
  public void cancel() {
    response.cancel();
  }

  /**
   * Releases the stream; when it was not read to its end (nor to an error item), first cancels the
   * upstream call. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    // After an error frame the upstream has ended already: that is the channel's failure, not a cancel.
    if (!ended && !broke) response.cancel();
    response.close();
  }
}
