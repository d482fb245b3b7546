package dev.llmrouter.server.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.outcome.OutcomeListener;
import dev.llmrouter.scheduler.metrics.MetricsRecorder;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.history.HistoryStore;
import dev.llmrouter.server.history.SqliteHistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The server's metrics, wired from {@link Settings}: the in-memory {@link MetricsStore}, rebuilt from
 * the SQLite history at start; the {@link MetricsRecorder} that the router reports to; and the routes.
 *
 * <p>An outcome's way, with one queue and one thread: the request's thread puts it in the recorder's
 * bounded queue (never blocking; a full queue drops and counts); the recorder's thread
 * ({@code llmrouter-metrics}, which does not wake up per outcome) adds a batch of them to the store,
 * hands each to the Prometheus registry, then hands the batch to the {@link HistoryStore}, which
 * writes it to SQLite in one transaction on that same thread. The history store is not
 * {@link HistoryStore#start()}ed: it has no queue or thread of its own here. A slow or locked file
 * delays only that thread (by at most SQLite's busy timeout per batch, after which writing is off
 * and retried every 30 seconds, outcomes waiting in memory), never a request. {@link #close()}
 * records what is queued, writes it to disk and closes the file.
 */
public final class MetricsService implements AutoCloseable {
  private final MetricsStore store;
  private final HistoryStore history;
  private final PrometheusExport prometheus;
  private final MetricsRecorder recorder;
  private final boolean prometheusPublic;

  private MetricsService(MetricsStore store, HistoryStore history, PrometheusExport prometheus,
      MetricsRecorder recorder, boolean prometheusPublic) {
    this.store = store;
    this.history = history;
    this.prometheus = prometheus;
    this.recorder = recorder;
    this.prometheusPublic = prometheusPublic;
  }

  /** Opens the history (unless persistence is off), restores from it and starts recording. */
  public static MetricsService start(Settings settings, Clock clock) {
    return start(settings, clock, UnaryOperator.identity());
  }

  /** As {@link #start(Settings, Clock)}, with the history store seen through {@code around} (tests observe it). */
  static MetricsService start(Settings settings, Clock clock, UnaryOperator<HistoryStore> around) {
    MetricsStore store = new MetricsStore(clock);
    HistoryStore history = around.apply(settings.metricsPersistenceEnabled()
        ? SqliteHistoryStore.open(settings.metricsDbFile(), clock, Duration.ofDays(settings.metricsRetentionDays()),
            65_536)
        : SqliteHistoryStore.disabled(clock));
    history.restoreInto(store);
    PrometheusExport prometheus = new PrometheusExport();
    MetricsRecorder recorder = MetricsRecorder.builder(store)
        .forwardTo(prometheus.outcomeListener())
        .forwardBatchesTo(history)
        .build();
    return new MetricsService(store, history, prometheus, recorder, settings.metricsPublic());
  }

  /** The listener to give the router: it only queues. */
  public OutcomeListener listener() {
    return recorder;
  }

  public MetricsStore store() { return store; }
  public MetricsRecorder recorder() { return recorder; }
  public HistoryStore history() { return history; }
  public PrometheusExport prometheus() { return prometheus; }

  /** The metrics routes over the given channel list; add scheduler stats to the builder when available. */
  public MetricsRoutes.Builder routes(Supplier<ChannelSnapshot> channels) {
    return MetricsRoutes.builder(store, channels).prometheus(prometheus, prometheusPublic);
  }

  /** Forgets a deleted channel, in memory and on disk. */
  public void forgetChannel(ApiKind kind, String channelId) {
    store.forgetChannel(kind, channelId);
    history.deleteChannel(kind, channelId, Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    recorder.close();
    history.close();
    prometheus.close();
  }
}
