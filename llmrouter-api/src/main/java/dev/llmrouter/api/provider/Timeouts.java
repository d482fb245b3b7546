package dev.llmrouter.api.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of one upstream attempt. Immutable.
 *
 * @param connect to open the connection
 * @param responseHeaders from sending the request to the upstream's status line and headers
 * @param total of a non-streamed call from start to the last byte (zero means none)
 * @param idle the longest gap allowed between whole events of a streamed answer
 */
public record Timeouts(Duration connect, Duration responseHeaders, Duration total, Duration idle) {
  /** Connect 10 s, response headers 60 s, total 5 min, idle 5 min. */
  public static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(5));

  /**
   * Validates the timeouts.
   *
   * @param connect to open the connection
   * @param responseHeaders from sending the request to the upstream's status line and headers
   * @param total of a non-streamed call from start to the last byte (zero means none)
   * @param idle the longest gap allowed between whole events of a streamed answer
   * @throws NullPointerException when any duration is null
   */
  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(responseHeaders, "responseHeaders");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(idle, "idle");
  }

  /**
   * {@return the longest wait for the response headers counted from the start of the attempt,
   * before the request is written: the connect plus the response-header timeout; zero (none) when
   * the response-header timeout is zero}
   */
  public Duration untilHeaders() {
    return responseHeaders.isZero() ? Duration.ZERO : connect.plus(responseHeaders);
  }
}
