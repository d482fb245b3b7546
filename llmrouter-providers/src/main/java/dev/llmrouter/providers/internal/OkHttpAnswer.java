package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.util.Locale;
import okhttp3.Call;
import okhttp3.Response;

/**
 * What the readers of a 2xx OkHttp answer share ({@link PassthroughExchange}, {@link
 * ConvertingExchange}): the call and response they own, the state a reader records as it goes
 * ({@link AnswerState}), and how they are released: {@link #close()} cancels the call first when
 * the answer was not read to its end, so that a half-read connection is never returned to the pool.
 * Not thread-safe, except {@link #cancel()}, which any thread may call.
 */
abstract class OkHttpAnswer extends AnswerState implements UpstreamExchange {
  final Call call;
  final Response response;
  /** Whether the upstream answered with an SSE stream (its content type). */
  final boolean upstreamStream;
  final long maxBodyBytes;
  private final long headersNanos;
  private final long maxEventBytes;
  /** The attempt's deadlines, known once the stream's reader is made; null without one. */
  Deadlines.Entry deadline;
  private boolean closed;

  /**
   * @param call the upstream call, cancelled by {@link #cancel()} and by an early {@link #close()}
   * @param response the unread 2xx response; ownership passes to this answer
   * @param headersNanos nanoseconds from the start of the attempt to the response headers
   * @param maxEventBytes the largest SSE line or event read
   * @param maxBodyBytes the largest non-streamed answer read
   */
  OkHttpAnswer(Call call, Response response, long headersNanos, long maxEventBytes, long maxBodyBytes) {
    this.call = call;
    this.response = response;
    this.headersNanos = headersNanos;
    this.maxEventBytes = maxEventBytes;
    this.maxBodyBytes = maxBodyBytes;
    this.upstreamStream = response.header("Content-Type", "").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
  }

  /** A reader of the upstream's events, with the idle timeout counted between events. */
  final SseReader newReader() {
    deadline = response.request().tag(Deadlines.Entry.class);
    if (deadline != null) deadline.countEvents();
    return new SseReader(response.body().source(), maxEventBytes);
  }

  @Override public final int status() { return response.code(); }
  @Override public final byte[] errorBody() { return new byte[0]; }
  @Override public final byte[] clientErrorBody() { return new byte[0]; }
  @Override public final Usage usage() { return usageSoFar(); }
  @Override public final String failure() { return failure; }
  @Override public final long headersNanos() { return headersNanos; }

  @Override
  public final void cancel() {
    call.cancel();
  }

  @Override
  public final void close() {
    if (closed) return;
    closed = true;
    // An answer not read to its end, or one that failed (an event over the limit, say), is cut:
    // closing it would read on to its end to keep the connection, and such an upstream may not end.
    if (!done || failure != null) call.cancel();
    response.close();
  }
}
