package dev.llmrouter.server.ingress;

import dev.llmrouter.api.provider.Timeouts;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * The deadlines of one {@link UpstreamClient} call until its answer's headers, on the call's IO
 * thread's timer, as the OkHttp transport keeps them: the connect timeout bounds opening a
 * connection (TCP and TLS); the response headers are waited for the response-header timeout from
 * the moment the request was written, and for the connect plus response-header timeouts before
 * that; the total timeout of an answer that is not a stream runs from the start. A connect or
 * headers deadline is a {@link SocketTimeoutException}, the total one an {@link
 * InterruptedIOException}, as OkHttp's read and call timeouts are. The headers and total deadlines
 * share one timer, armed at the nearer; the connect deadline has its own.
 *
 * <p>Not thread-safe: used on the call's IO thread only, like its call.
 */
final class CallDeadlines {
  private final XnioIoThread io;
  private final Consumer<IOException> overdue;
  private final long startNanos;
  private final long connectNanos;
  private final long headersNanos;
  private final long beforeWriteNanos;
  private final long totalNanos;
  /** When the headers are overdue (System.nanoTime); meaningful while beforeWriteNanos is not 0. */
  private long headersDeadline;
  private boolean written;
  private XnioExecutor.Key timer;
  private XnioExecutor.Key connectTimer;

  /**
   * @param io the call's IO thread
   * @param t the attempt's timeouts; a zero duration means no limit
   * @param stream whether the answer is a stream, which the total timeout does not bound
   * @param startNanos when the call started
   * @param overdue fails the call's current try with the deadline's exception; run on {@code io}
   */
  CallDeadlines(XnioIoThread io, Timeouts t, boolean stream, long startNanos, Consumer<IOException> overdue) {
    this.io = io;
    this.overdue = overdue;
    this.startNanos = startNanos;
    this.connectNanos = positiveNanos(t.connect());
    this.headersNanos = positiveNanos(t.responseHeaders());
    this.beforeWriteNanos = positiveNanos(t.untilHeaders());
    this.totalNanos = stream ? 0 : positiveNanos(t.total());
    this.headersDeadline = startNanos + beforeWriteNanos;
  }

  private static long positiveNanos(Duration d) {
    return d.isNegative() || d.isZero() ? 0 : d.toNanos();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** Arms the headers and total deadlines, once; a try sent again keeps them. */
  void start() {
    if (timer == null) arm();
  }

  /**
   * A connection is being opened: it fails as overdue after the connect timeout, unless {@link
   * #connected()} (or {@link #newTry()}) comes first.
   */
  void connecting() {
    cancelConnect();
    if (connectNanos == 0) return;
    connectTimer = io.executeAfter(() -> {
      connectTimer = null;
      overdue.accept(new SocketTimeoutException("connect timed out after " + millis(connectNanos) + " ms"));
    }, millis(connectNanos), TimeUnit.MILLISECONDS);
  }

  /** The connection is open. */
  void connected() {
    cancelConnect();
  }

  /** The request was written: from now on its headers have the response-header timeout. */
  void requestWritten() {
    written = true;
    if (headersNanos == 0) return;
    headersDeadline = System.nanoTime() + headersNanos;
    arm();
  }

  /** The current try failed and the request is sent once more: it is not written, nor connecting, yet. */
  void newTry() {
    written = false;
    cancelConnect();
  }

  /** The headers arrived, or the call ended: nothing is overdue any more. */
  void cancel() {
    cancelConnect();
    if (timer != null) {
      timer.remove();
      timer = null;
    }
  }

  private void cancelConnect() {
    if (connectTimer != null) {
      connectTimer.remove();
      connectTimer = null;
    }
  }

  /** Arms the timer at the nearer of the headers and total deadlines, if any. */
  private void arm() {
    if (timer != null) timer.remove();
    timer = null;
    long due = Long.MAX_VALUE;
    if (beforeWriteNanos > 0) due = headersDeadline;
    if (totalNanos > 0) due = Math.min(due, startNanos + totalNanos);
    if (due == Long.MAX_VALUE) return;
    long delay = Math.max(1, millis(due - System.nanoTime()) + 1);
    timer = io.executeAfter(this::fired, delay, TimeUnit.MILLISECONDS);
  }

  /** The timer fired: the call fails for the deadline that passed, or the timer is armed again. */
  private void fired() {
    timer = null;
    long now = System.nanoTime();
    if (totalNanos > 0 && now - (startNanos + totalNanos) >= 0) {
      cancelConnect();
      overdue.accept(new InterruptedIOException("timeout: the answer took longer than " + millis(totalNanos) + " ms"));
    } else if (beforeWriteNanos > 0 && now - headersDeadline >= 0) {
      cancelConnect();
      overdue.accept(new SocketTimeoutException(written
          ? "timeout: no response headers within " + millis(headersNanos) + " ms of the request"
          : "timeout: no response headers within " + millis(beforeWriteNanos) + " ms"));
    } else {
      arm();
    }
  }
}
