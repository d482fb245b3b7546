package dev.llmrouter.api.provider;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.http.HttpHeaders;
import java.io.Closeable;
import java.io.IOException;

/**
 * An upstream answer whose status and headers have arrived. It owns the upstream response: the
 * holder must {@link #close()} it on every path. Not thread-safe, except {@link #cancel()}, which
 * any thread may call.
 *
 * <p>For a non-2xx answer the provider has already read (at most 64 KiB of) the error body and
 * released the connection. For a 2xx answer, exactly one of {@link #body()} (non-streamed) or
 * {@link #nextFrame()} (streamed) is used; both give the client's protocol, converted when the
 * channel speaks another.
 */
public interface UpstreamExchange extends Closeable {
  /** {@return the upstream status code} */
  int status();

  /** {@return true for a 2xx status} */
  default boolean isSuccessful() {
    return status() >= 200 && status() < 300;
  }

  /** {@return true when the answer is a stream of events, so that {@link #nextFrame()} applies} */
  boolean isStream();

  /**
   * Returns the response headers the client may see: for passthrough the upstream's, without
   * hop-by-hop, length and encoding fields; for converted answers only the meaningful ones (such as
   * {@code retry-after} and request ids).
   *
   * @return the headers; never null
   */
  HttpHeaders headers();

  /** {@return the content type to give the client} */
  String contentType();

  /**
   * For a non-2xx answer: the start of the upstream's error body (at most 64 KiB), as the upstream
   * sent it. Used to classify the failure.
   *
   * @return the bytes; empty for a 2xx answer
   */
  byte[] errorBody();

  /**
   * For a non-2xx answer: the error as the client's protocol expresses it; the upstream's own bytes
   * when the channel speaks the client's protocol.
   *
   * @return the body to relay to the client
   */
  byte[] clientErrorBody();

  /**
   * For a 2xx non-streamed answer: the whole body in the client's protocol. Call at most once.
   *
   * @return the body
   * @throws IOException when reading the upstream fails
   * @throws dev.llmrouter.api.error.RouterException when the upstream body cannot be converted
   */
  byte[] body() throws IOException;

  /**
   * For a 2xx streamed answer: the next frame in the client's protocol. Blocks until the upstream
   * sends something. When the upstream breaks or stalls beyond the idle timeout after some frames
   * were read, returns one error frame (then null) instead of throwing.
   *
   * @return the next frame, or null at the end of the stream
   * @throws IOException when the very first read fails (nothing was produced yet, so the caller may
   *     fail over)
   */
  StreamFrame nextFrame() throws IOException;

  /**
   * Builds the frame that reports an error to the client on this stream (used when the stream
   * must end early for a reason outside the upstream, such as shutdown).
   *
   * @param message the text shown to the client
   * @return an error frame in the client's protocol
   */
  StreamFrame errorFrame(String message);

  /** {@return the usage seen so far; complete after the body or stream was read to its end} */
  Usage usage();

  /** {@return why the stream failed after it started, or null when it did not; the default is null} */
  default String failure() {
    return null;
  }

  /** {@return nanoseconds from the start of the attempt to the response headers} */
  long headersNanos();

  /** Cancels the upstream call; pending and later reads fail. The one method any thread may call. */
  void cancel();

  /** Releases the upstream response and its connection. Idempotent; never throws. */
  @Override
  void close();
}
