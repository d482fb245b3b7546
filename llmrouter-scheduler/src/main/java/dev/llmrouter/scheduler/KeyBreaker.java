package dev.llmrouter.scheduler;

import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one channel x base URL x key: a Failsafe {@link CircuitBreaker} driven by
 * the router's clock. This class is thread-safe.
 *
 * <p>Why a wrapper: Failsafe 3.3 times the open state with {@code System.nanoTime()} and offers
 * failure-ratio thresholds only over wall-clock periods with its own internal clock, so neither
 * can be driven by an injected clock. Failsafe keeps what it does well: the count window of the
 * last {@code windowSize} results, the open, half-open and closed states, and the single half-open
 * permit. This class adds what needs the clock: the ratio rule (open at a failure ratio of at least
 * the threshold once {@code minimumSamples} results are in), the open period (measured on the
 * injected clock; Failsafe's own delay is set beyond reach), and settling a permit with no result
 * (Failsafe releases a half-open permit only when a result is recorded, so an abandoned probe would
 * wedge the breaker: a neutral settlement re-arms the half-open state instead).
 *
 * <p>Every permit from {@link #tryAcquire} must be settled exactly once with {@link #success},
 * {@link #failure} or {@link #release}. Results of permits taken before the last state change are
 * ignored, so a slow attempt from before an opening cannot close or reopen the breaker.
 */
final class KeyBreaker {
  /** Failsafe's open delay: never reached, the open period is timed on the injected clock. */
  private static final Duration UNREACHABLE = Duration.ofDays(365L * 100);

  /** A right to send one attempt. */
  record Permit(long epoch, boolean probe, boolean forced) {}

  /** The state as shown in stats. */
  enum State { CLOSED, OPEN, HALF_OPEN }

  private static final Logger log = LoggerFactory.getLogger(KeyBreaker.class);

  /**
   * Told of this breaker's own transitions (not of those applied from other routers), under the
   * breaker's lock: it must be quick and must not call back into the breaker.
   */
  interface Transitions {
    Transitions NONE = new Transitions() {
      @Override
      public void opened(Instant at) {}

      @Override
      public void closed() {}
    };

    void opened(Instant at);

    void closed();
  }

  private final CircuitBreaker<Object> breaker;
  private final RouterSettings settings;
  private final Transitions transitions;
  /** Names the slot in logs (kind, channel name, redacted base URL, masked key). */
  private final String label;
  private Instant openedAt;
  private long epoch;
  private int outstanding;

  KeyBreaker(RouterSettings settings) {
    this(settings, "", Transitions.NONE);
  }

  KeyBreaker(RouterSettings settings, String label, Transitions transitions) {
    this.settings = settings;
    this.label = label;
    this.transitions = transitions;
    // Failsafe's own count rule (every result of a full window failed) never fires before ours.
    this.breaker = CircuitBreaker.builder()
        .withFailureThreshold(settings.windowSize(), settings.windowSize())
        .withSuccessThreshold(1)
        .withDelay(UNREACHABLE)
        .build();
  }

  /** A permit, or null while the breaker is open (or its one half-open probe is out). */
  synchronized Permit tryAcquire(Instant now) {
    dueForProbe(now);
    if (!breaker.tryAcquirePermit()) return null;
    outstanding++;
    return new Permit(epoch, breaker.isHalfOpen(), false);
  }

  /** A permit that bypasses the breaker (promotion or the last resort when every key is open). */
  synchronized Permit force() {
    outstanding++;
    return new Permit(epoch, false, true);
  }

  /** True when an attempt could get a permit now (closed, or due for a probe). Changes nothing. */
  synchronized boolean isAvailable(Instant now) {
    if (breaker.isClosed()) return true;
    if (breaker.isOpen()) return openedAt == null || !now.isBefore(openedAt.plus(settings.breakerOpen()));
    return true;
  }

  synchronized void success(Permit p) {
    outstanding--;
    if (p.forced()) {
      // A bypassing attempt that worked proves the upstream is back.
      if (!breaker.isClosed()) reset();
      return;
    }
    if (p.epoch() != epoch) return;
    breaker.recordSuccess();
    if (p.probe() && breaker.isClosed()) {
      openedAt = null;
      epoch++;
      log.info("[Scheduler-Circuit] closed {}: the probe succeeded", label);
      transitions.closed();
    }
  }

  synchronized void failure(Permit p, Instant now) {
    outstanding--;
    if (p.forced() || p.epoch() != epoch) return;
    if (recordFailure(now)) transitions.opened(now);
  }

  /** Records a failure in the window; true when the breaker opened (or reopened) at {@code now}. */
  private boolean recordFailure(Instant now) {
    breaker.recordFailure();
    if (breaker.isClosed()) {
      int n = breaker.getExecutionCount();
      if (n >= settings.minimumSamples() && breaker.getFailureCount() >= settings.failureThreshold() * n) {
        breaker.open();
      }
    }
    if (breaker.isOpen()) {
      openedAt = now;
      epoch++;
      log.warn("[Scheduler-Circuit] opened {} for {}s ({} of {} recent attempts failed)", label,
          settings.breakerOpen().toSeconds(), breaker.getFailureCount(), breaker.getExecutionCount());
      return true;
    }
    return false;
  }

  /**
   * Feeds another router's result on this slot into the window while the breaker is closed (its
   * probes and transitions come as {@link #remoteOpened} and {@link #remoteClosed}). A failure may
   * open the breaker here as it did there.
   */
  synchronized void remoteResults(int successes, int failures, Instant now) {
    int total = successes + failures;
    if (total == 0) return;
    // Only the last window's worth counts; the order within a batch is unknown, so failures are
    // spread evenly among the successes, keeping the batch's ratio.
    int n = Math.min(total, settings.windowSize());
    int f = (int) Math.round((double) failures * n / total);
    for (int i = 0; i < n; i++) {
      if (!breaker.isClosed()) return;
      boolean failure = (long) (i + 1) * f / n > (long) i * f / n;
      if (failure) {
        recordFailure(now);
      } else {
        breaker.recordSuccess();
      }
    }
  }

  /** Another router opened this breaker at {@code at}: open it here too, timed from then. */
  synchronized void remoteOpened(Instant at) {
    if (breaker.isOpen() && openedAt != null && !at.isAfter(openedAt)) return;
    breaker.open();
    openedAt = at;
    epoch++;
  }

  /** Another router closed this breaker (its probe succeeded, or a resume). */
  synchronized void remoteClosed() {
    if (breaker.isClosed()) return;
    breaker.close();
    openedAt = null;
    epoch++;
  }

  /** Settles a permit with no result (the client went away, or our own conversion failed). */
  synchronized void release(Permit p) {
    outstanding--;
    if (p.forced() || !p.probe() || p.epoch() != epoch || !breaker.isHalfOpen()) return;
    // Failsafe has no public way to hand back a half-open permit: re-enter half-open afresh.
    breaker.open();
    breaker.halfOpen();
  }

  /** Closes the breaker at once (manual resume). */
  synchronized void reset() {
    boolean wasClosed = breaker.isClosed();
    if (!wasClosed) log.info("[Scheduler-Circuit] closed {}", label);
    breaker.close();
    openedAt = null;
    epoch++;
    if (!wasClosed) transitions.closed();
  }

  synchronized State state(Instant now) {
    dueForProbe(now);
    if (breaker.isClosed()) return State.CLOSED;
    return breaker.isOpen() ? State.OPEN : State.HALF_OPEN;
  }

  /** Failures and results in the current window. */
  synchronized int[] counts() {
    return new int[] {(int) breaker.getFailureCount(), breaker.getExecutionCount()};
  }

  /** Permits given out and not yet settled: the attempts in flight on this slot. */
  synchronized int outstanding() {
    return outstanding;
  }

  /** When an open breaker lets its probe through, or null when it is not open. */
  synchronized Instant reopensAt() {
    return breaker.isOpen() && openedAt != null ? openedAt.plus(settings.breakerOpen()) : null;
  }

  private void dueForProbe(Instant now) {
    if (breaker.isOpen() && openedAt != null && !now.isBefore(openedAt.plus(settings.breakerOpen()))) {
      breaker.halfOpen();
      epoch++;
      log.info("[Scheduler-Circuit] half-open {}: one probe may pass", label);
    }
  }
}
