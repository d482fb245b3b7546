package dev.llmrouter.providers;

/**
 * How much of an upstream answer may be held in memory at once. An SSE line or event longer than
 * {@code maxEventBytes}, or a non-streamed body longer than {@code maxBodyBytes} (after gunzip),
 * fails the attempt as an upstream fault; a stream already relayed to the client ends with an
 * error event. Immutable.
 *
 * @param maxEventBytes the largest SSE line or event read from a streamed answer
 * @param maxBodyBytes the largest non-streamed answer held for conversion or relay
 */
public record UpstreamLimits(long maxEventBytes, long maxBodyBytes) {
  /** 16 MiB per event, 64 MiB per body. */
  public static final UpstreamLimits DEFAULT = new UpstreamLimits(16L << 20, 64L << 20);

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException when a limit is not positive
   */
  public UpstreamLimits {
    if (maxEventBytes <= 0) throw new IllegalArgumentException("maxEventBytes <= 0: " + maxEventBytes);
    if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes <= 0: " + maxBodyBytes);
  }
}
