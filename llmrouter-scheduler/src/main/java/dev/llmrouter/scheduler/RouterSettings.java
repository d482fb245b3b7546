package dev.llmrouter.scheduler;

import dev.llmrouter.api.provider.Timeouts;
import java.time.Duration;
import java.util.Objects;

/**
 * The router's tunables. Immutable; change one value with {@link #toBuilder()}.
 *
 * @param timeouts limits of each upstream attempt
 * @param windowSize results kept per breaker (channel x base URL x key), {@code METRICS_WINDOW_SIZE}
 * @param failureThreshold the failure ratio (0 exclusive to 1 inclusive) that opens a breaker,
 *     {@code METRICS_FAILURE_THRESHOLD}
 * @param minimumSamples results needed before a breaker may open
 * @param breakerOpen how long a breaker stays open before one probe may go through (half-open)
 * @param affinityTtl how long a trace stays bound to a channel after its last use
 * @param affinityCapacity the most traces remembered per API kind (least recently used go first)
 * @param keyCooldown how long a key that failed rests
 * @param keyCooldownLong how long it rests after more than three consecutive failures
 * @param baseUrlCooldown how long a base URL that failed moves behind the others
 */
public record RouterSettings(
    Timeouts timeouts,
    int windowSize,
    double failureThreshold,
    int minimumSamples,
    Duration breakerOpen,
    Duration affinityTtl,
    int affinityCapacity,
    Duration keyCooldown,
    Duration keyCooldownLong,
    Duration baseUrlCooldown) {

  /** The original's defaults: window 10, threshold 50 %, 5 samples, breakers open 15 minutes, and so on. */
  public static final RouterSettings DEFAULT = new RouterSettings(Timeouts.DEFAULT);

  /**
   * Validates the settings.
   *
   * @param timeouts limits of each upstream attempt
   * @param windowSize results kept per breaker, at least 3
   * @param failureThreshold the failure ratio that opens a breaker, 0 exclusive to 1 inclusive
   * @param minimumSamples results needed before a breaker may open, 1 to {@code windowSize}
   * @param breakerOpen how long a breaker stays open, positive
   * @param affinityTtl how long a trace stays bound, positive
   * @param affinityCapacity the most traces remembered per API kind, at least 1
   * @param keyCooldown how long a failed key rests, positive
   * @param keyCooldownLong how long a repeatedly failing key rests, positive
   * @param baseUrlCooldown how long a failed base URL moves behind the others, positive
   * @throws IllegalArgumentException naming the first value out of range
   */
  public RouterSettings {
    Objects.requireNonNull(timeouts, "timeouts");
    if (windowSize < 3) throw new IllegalArgumentException("windowSize < 3: " + windowSize);
    if (!(failureThreshold > 0 && failureThreshold <= 1)) {
      throw new IllegalArgumentException("failureThreshold must be in (0, 1]: " + failureThreshold);
    }
    if (minimumSamples < 1 || minimumSamples > windowSize) {
      throw new IllegalArgumentException("minimumSamples must be in [1, windowSize]: " + minimumSamples);
    }
    positive(breakerOpen, "breakerOpen");
    positive(affinityTtl, "affinityTtl");
    if (affinityCapacity < 1) throw new IllegalArgumentException("affinityCapacity < 1: " + affinityCapacity);
    positive(keyCooldown, "keyCooldown");
    positive(keyCooldownLong, "keyCooldownLong");
    positive(baseUrlCooldown, "baseUrlCooldown");
  }

  /**
   * The defaults with other timeouts.
   *
   * @param timeouts limits of each upstream attempt
   */
  public RouterSettings(Timeouts timeouts) {
    this(timeouts, 10, 0.5, 5, Duration.ofMinutes(15), Duration.ofMinutes(30), 100_000, Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofSeconds(30));
  }

  /**
   * The minimum samples the original used for a window: {@code max(3, windowSize / 2)}.
   *
   * @param windowSize the window size
   * @return the minimum samples
   */
  public static int minimumSamplesFor(int windowSize) {
    return Math.max(3, windowSize / 2);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0: " + d);
  }

  /**
   * A builder starting from {@link #DEFAULT}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return DEFAULT.toBuilder();
  }

  /**
   * A builder starting from these settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link RouterSettings}. Not thread-safe. */
  public static final class Builder {
    private Timeouts timeouts;
    private int windowSize;
    private double failureThreshold;
    private int minimumSamples;
    private Duration breakerOpen;
    private Duration affinityTtl;
    private int affinityCapacity;
    private Duration keyCooldown;
    private Duration keyCooldownLong;
    private Duration baseUrlCooldown;

    private Builder(RouterSettings s) {
      timeouts = s.timeouts;
      windowSize = s.windowSize;
      failureThreshold = s.failureThreshold;
      minimumSamples = s.minimumSamples;
      breakerOpen = s.breakerOpen;
      affinityTtl = s.affinityTtl;
      affinityCapacity = s.affinityCapacity;
      keyCooldown = s.keyCooldown;
      keyCooldownLong = s.keyCooldownLong;
      baseUrlCooldown = s.baseUrlCooldown;
    }

    /**
     * Limits of each upstream attempt.
     *
     * @param v the timeouts
     * @return this builder
     */
    public Builder timeouts(Timeouts v) { timeouts = v; return this; }
    /**
     * Also sets {@link #minimumSamples} to {@code max(3, windowSize / 2)}.
     *
     * @param v results kept per breaker, at least 3
     * @return this builder
     */
    public Builder windowSize(int v) { windowSize = v; minimumSamples = Math.min(v, minimumSamplesFor(v)); return this; }
    /**
     * The failure ratio that opens a breaker, 0 exclusive to 1 inclusive.
     *
     * @param v the ratio
     * @return this builder
     */
    public Builder failureThreshold(double v) { failureThreshold = v; return this; }
    /**
     * Results needed before a breaker may open, 1 to the window size.
     *
     * @param v the samples
     * @return this builder
     */
    public Builder minimumSamples(int v) { minimumSamples = v; return this; }
    /**
     * How long an open breaker waits before one probe.
     *
     * @param v the open time
     * @return this builder
     */
    public Builder breakerOpen(Duration v) { breakerOpen = v; return this; }
    /**
     * How long a trace stays bound to a channel after its last use.
     *
     * @param v the time to live
     * @return this builder
     */
    public Builder affinityTtl(Duration v) { affinityTtl = v; return this; }
    /**
     * The most traces remembered per API kind.
     *
     * @param v the capacity
     * @return this builder
     */
    public Builder affinityCapacity(int v) { affinityCapacity = v; return this; }
    /**
     * How long a failed key rests.
     *
     * @param v the cooldown
     * @return this builder
     */
    public Builder keyCooldown(Duration v) { keyCooldown = v; return this; }
    /**
     * How long a key rests after more than three consecutive failures.
     *
     * @param v the long cooldown
     * @return this builder
     */
    public Builder keyCooldownLong(Duration v) { keyCooldownLong = v; return this; }
    /**
     * How long a failed base URL moves behind the others.
     *
     * @param v the cooldown
     * @return this builder
     */
    public Builder baseUrlCooldown(Duration v) { baseUrlCooldown = v; return this; }

    /**
     * @return the settings
     * @throws IllegalArgumentException naming the first value out of range
     */
    public RouterSettings build() {
      return new RouterSettings(timeouts, windowSize, failureThreshold, minimumSamples, breakerOpen, affinityTtl,
          affinityCapacity, keyCooldown, keyCooldownLong, baseUrlCooldown);
    }
  }
}
