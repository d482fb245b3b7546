package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;

/**
 * What a reader of an upstream answer records as it goes (usage, failure, whether a frame was
 * handed out, the end), and how a passed-through stream's events become frames with that state:
 * the same for an answer read from OkHttp ({@link PassthroughExchange}) and one pushed in by a
 * non-blocking caller ({@link PushedPassthroughExchange}). Not thread-safe.
 */
abstract class AnswerState {
  /** The usage of an answer read whole, or converted; a passed-through stream's is its watcher's. */
  Usage usage = Usage.NONE;
  /** The watcher of a passed-through stream, once its first event came: it has the usage. */
  private StreamWatcher watcher;
  /** Whether a frame was handed out: after that, a failure can no longer fail over. */
  boolean anyFrame;
  /** Whether the answer was read to its end (or ended on purpose): nothing more is read. */
  boolean done;
  String failure;

  /** The frame that ends a broken stream with {@code message}, in the client's protocol. */
  public abstract StreamFrame errorFrame(String message);

  /**
   * Turns a passed-through stream's next event into its frame, with its exact bytes, and records
   * what {@code watcher} sees in it: its usage, an in-band error (which ends the stream as an error
   * frame), the terminal event (which ends it, unless the protocol is read to EOF). At the end of
   * the stream, a missing terminal event is a failure.
   *
   * @param event the next event, or null at the end of the stream
   * @param watcher this stream's watcher, which has seen every event before this one
   * @return the event's frame; at the end, null, or an error frame when the terminal event is missing
   * @throws IOException when the stream ends before any event and without its terminal event
   *     (nothing was relayed, so the router may fail over)
   */
  final StreamFrame passThrough(SseEvent event, StreamWatcher watcher) throws IOException {
    if (event == null) {
      done = true;
      if (!watcher.completed()) {
        failure = Failures.ENDED_EARLY;
        if (!anyFrame) throw new IOException(failure);
        return errorFrame(failure);
      }
      return null;
    }
    anyFrame = true;
    this.watcher = watcher;
    boolean error = watcher.onEvent(event);
    if (error) {
      done = true;
      failure = Failures.ERROR_EVENT;
    } else if (watcher.completed() && !watcher.endsAtEof()) {
      // The terminal event ends the answer; nothing after it is waited for.
      done = true;
    }
    return new StreamFrame(event.raw(), error);
  }

  /**
   * The usage seen so far: a passed-through stream's is read from its watcher when asked for (once
   * the stream is settled), so that no event is parsed for it before it is relayed.
   */
  final Usage usageSoFar() {
    return watcher != null ? watcher.usage() : usage;
  }

  /** A stream that broke after a frame was handed out: it ends with an error frame naming the cause. */
  final StreamFrame brokeAfterFrames(IOException e) {
    done = true;
    failure = Failures.describe(e);
    return errorFrame(Failures.STREAM_FAILED + failure);
  }
}
