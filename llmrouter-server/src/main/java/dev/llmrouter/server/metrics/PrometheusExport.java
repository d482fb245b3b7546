package dev.llmrouter.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's Prometheus registry: JVM metrics (memory, GC, threads, class loading, CPU, uptime),
 * router outcomes through a {@link MicrometerOutcomeListener}, and whatever is {@link #bind bound}
 * later (the scheduler's breaker and cooldown gauges). One per server; {@link #close()} releases the
 * GC listener. This class is thread-safe.
 */
public final class PrometheusExport implements AutoCloseable {
  /** The content type of {@link #scrape()}: the Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final MicrometerOutcomeListener outcomes;
  private final java.util.List<Runnable> beforeScrape = new java.util.concurrent.CopyOnWriteArrayList<>();

  public PrometheusExport() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    outcomes = new MicrometerOutcomeListener(registry);
  }

  /** The registry, for meters of other parts of the server. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The listener that turns outcomes into meters of this registry. */
  public MicrometerOutcomeListener outcomeListener() {
    return outcomes;
  }

  /** Adds meters, such as the scheduler's breaker and cooldown gauges. */
  public void bind(MeterBinder binder) {
    binder.bindTo(registry);
  }

  /** Runs a task before each {@link #scrape()}, to refresh gauges whose rows change. */
  public void beforeScrape(Runnable task) {
    beforeScrape.add(task);
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    for (Runnable r : beforeScrape) r.run();
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
