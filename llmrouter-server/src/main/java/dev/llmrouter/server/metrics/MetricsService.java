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

/**
 * The server's metrics, wired from {@link Settings}: the in-memory {@link MetricsStore}, rebuilt from
 * the SQLite history at start; the {@link MetricsRecorder} that the router reports to, which feeds
 * the store, the history writer and the Prometheus registry off the request path; and the routes.
 * {@link #close()} records what is queued, writes it to disk and closes the file.
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
    MetricsStore store = new MetricsStore(clock);
    HistoryStore history = settings.metricsPersistenceEnabled()
        ? SqliteHistoryStore.open(settings.metricsDbFile(), clock, Duration.ofDays(settings.metricsRetentionDays()),
            65_536)
        : SqliteHistoryStore.disabled(clock);
    history.restoreInto(store);
    history.start();
    PrometheusExport prometheus = new PrometheusExport();
    MetricsRecorder recorder = MetricsRecorder.builder(store)
        .forwardTo(history)
        .forwardTo(prometheus.outcomeListener())
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
