package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory metrics of every kind, channel and key, built from {@link AttemptOutcome}s. A channel's
 * series counts every attempt made on that channel id, whichever key it used, so keys that were
 * removed (its {@code historicalApiKeys}) still count in the channel's totals. Each series has a
 * fixed size (see {@link Series}); series idle for longer than the eviction age can be dropped with
 * {@link #evictIdle}, so memory is bounded by the number of channels and keys, not by traffic.
 *
 * <p>This class is thread-safe. It is usually fed by a {@link MetricsRecorder}, off the request path.
 */
public final class MetricsStore {
  /** Size of the sliding window of recent outcomes, as the original's default {@code METRICS_WINDOW_SIZE}. */
  public static final int DEFAULT_WINDOW_SIZE = 10;

  private final Clock clock;
  private final int windowSize;
  private final EnumMap<ApiKind, Series> kinds = new EnumMap<>(ApiKind.class);
  private final ConcurrentHashMap<ChannelKey, ChannelEntry> channels = new ConcurrentHashMap<>();

  private record ChannelKey(ApiKind kind, String id) {}

  private static final class ChannelEntry {
    final Series series;
    final ConcurrentHashMap<String, Series> keys = new ConcurrentHashMap<>();

    ChannelEntry(Series series) {
      this.series = series;
    }
  }

  /**
   * @param clock gives "now" for windows, activity and restores
   * @param windowSize length of the sliding window of recent outcomes, at least 1
   */
  public MetricsStore(Clock clock, int windowSize) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (windowSize < 1) throw new IllegalArgumentException("windowSize < 1: " + windowSize);
    this.windowSize = windowSize;
    for (ApiKind k : ApiKind.values()) kinds.put(k, new Series(k, null, null, windowSize));
  }

  /**
   * A store with the default window of {@value #DEFAULT_WINDOW_SIZE} outcomes.
   *
   * @param clock the clock of the windows and histories
   */
  public MetricsStore(Clock clock) {
    this(clock, DEFAULT_WINDOW_SIZE);
  }

  /**
   * The clock of the windows and histories.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Adds one live outcome to its kind, channel and key.
   *
   * @param o the outcome
   */
  public void record(AttemptOutcome o) {
    kinds.get(o.kind()).record(o);
    if (o.channelId() == null) return;
    ChannelEntry entry = entry(o.kind(), o.channelId());
    entry.series.record(o);
    if (o.keyFingerprint() != null) {
      entry.keys.computeIfAbsent(o.keyFingerprint(), fp -> new Series(o.kind(), o.channelId(), fp, windowSize))
          .record(o);
    }
  }

  /**
   * Adds one outcome read back from disk, in the order they happened. It is replayed exactly like a
   * live one (totals, sliding window, consecutive failures, history, activity, latency), so a
   * restart shows the same numbers as before it.
   *
   * @param o the outcome read back
   */
  public void restore(AttemptOutcome o) {
    record(o);
  }

  /**
   * Adds counters of outcomes too old for the time buckets, read back from disk in aggregate, to the
   * kind, the channel and the key.
   *
   * @param lastSuccessMs epoch ms of the last success, or {@link Long#MIN_VALUE}
   * @param lastFailureMs epoch ms of the last failure, or {@link Long#MIN_VALUE}
   * @param kind the client API
   * @param channelId the channel's id
   * @param channelName the channel's name
   * @param keyFingerprint the key's fingerprint
   * @param keyMask the key's mask
   * @param requests every attempt
   * @param successes successful attempts
   * @param failures failed attempts
   * @param clientErrors attempts refused as the client's fault
   * @param cancelled abandoned attempts
   */
  public void restoreTotals(ApiKind kind, String channelId, String channelName, String keyFingerprint,
      String keyMask, long requests, long successes, long failures, long clientErrors, long cancelled,
      long lastSuccessMs, long lastFailureMs) {
    kinds.get(kind).addTotals(requests, successes, failures, clientErrors, cancelled, lastSuccessMs, lastFailureMs,
        null, null);
    if (channelId == null) return;
    ChannelEntry entry = entry(kind, channelId);
    entry.series.addTotals(requests, successes, failures, clientErrors, cancelled, lastSuccessMs, lastFailureMs,
        channelName, null);
    if (keyFingerprint != null) {
      entry.keys.computeIfAbsent(keyFingerprint, fp -> new Series(kind, channelId, fp, windowSize))
          .addTotals(requests, successes, failures, clientErrors, cancelled, lastSuccessMs, lastFailureMs,
              channelName, keyMask);
    }
  }

  private ChannelEntry entry(ApiKind kind, String channelId) {
    return channels.computeIfAbsent(new ChannelKey(kind, channelId),
        k -> new ChannelEntry(new Series(kind, channelId, null, windowSize)));
  }

  /**
   * Everything of a kind, including channels that no longer exist.
   *
   * @param kind the client API
   * @return the series, live
   */
  public Series kind(ApiKind kind) {
    return kinds.get(kind);
  }

  /**
   * One channel, by stable id; {@link Series#empty()} when it has no data.
   *
   * @param kind the client API
   * @param channelId the channel's id
   * @return the series, live
   */
  public Series channel(ApiKind kind, String channelId) {
    ChannelEntry e = channels.get(new ChannelKey(kind, channelId));
    return e == null ? Series.empty() : e.series;
  }

  /**
   * One key of a channel, by fingerprint; {@link Series#empty()} when it has no data.
   *
   * @param kind the client API
   * @param channelId the channel's id
   * @param keyFingerprint the key's fingerprint
   * @return the series, live
   */
  public Series key(ApiKind kind, String channelId, String keyFingerprint) {
    ChannelEntry e = channels.get(new ChannelKey(kind, channelId));
    if (e == null) return Series.empty();
    Series s = e.keys.get(keyFingerprint);
    return s == null ? Series.empty() : s;
  }

  /**
   * Forgets a channel and its keys (after it was deleted).
   *
   * @param kind the client API
   * @param channelId the channel's id
   */
  public void forgetChannel(ApiKind kind, String channelId) {
    channels.remove(new ChannelKey(kind, channelId));
  }

  /**
   * Drops channel and key series that saw no outcome for {@code idle}.
   *
   * @param idle how long without outcomes
   * @return how many series were dropped
   */
  public int evictIdle(Duration idle) {
    long cutoff = clock.millis() - idle.toMillis();
    int dropped = 0;
    for (Iterator<Map.Entry<ChannelKey, ChannelEntry>> it = channels.entrySet().iterator(); it.hasNext(); ) {
      ChannelEntry e = it.next().getValue();
      for (Iterator<Series> keys = e.keys.values().iterator(); keys.hasNext(); ) {
        if (keys.next().lastSeenMs() < cutoff) {
          keys.remove();
          dropped++;
        }
      }
      if (e.series.lastSeenMs() < cutoff && e.keys.isEmpty()) {
        it.remove();
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * The number of series held (kinds, channels and keys).
   *
   * @return the count
   */
  public int seriesCount() {
    int n = kinds.size();
    for (ChannelEntry e : channels.values()) n += 1 + e.keys.size();
    return n;
  }

  /**
   * The number of fixed-size rings held by all series: with {@link #seriesCount()}, the memory in use.
   *
   * @return the count
   */
  public int ringCount() {
    int n = 0;
    for (Series s : kinds.values()) n += s.rings();
    for (ChannelEntry e : channels.values()) {
      n += e.series.rings();
      for (Series k : e.keys.values()) n += k.rings();
    }
    return n;
  }
}
