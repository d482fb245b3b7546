package dev.llmrouter.server.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The scheduler's live state as Prometheus gauges, refreshed at each scrape from the router's
 * scheduler stats: whether each channel is healthy, how many of its key breakers are open or
 * half-open, how many of its keys are cooling down, and the trace-affinity entries per kind.
 * Channels come and go, so the rows are rebuilt each time. This class is thread-safe.
 */
public final class SchedulerGauges {
  private final Function<ApiKind, JsonObject> stats;
  private final MultiGauge healthy;
  private final MultiGauge open;
  private final MultiGauge halfOpen;
  private final MultiGauge cooldowns;
  private final MultiGauge affinity;

  /** Registers the gauges; call {@link #refresh()} before each scrape. */
  public SchedulerGauges(MeterRegistry registry, Function<ApiKind, JsonObject> stats) {
    this.stats = stats;
    this.healthy = MultiGauge.builder("llmrouter.channel.healthy")
        .description("1 when the channel may be selected, 0 when all its key breakers are open or keys cool down")
        .register(registry);
    this.open = MultiGauge.builder("llmrouter.breakers.open").description("open key breakers of the channel")
        .register(registry);
    this.halfOpen = MultiGauge.builder("llmrouter.breakers.half.open")
        .description("half-open key breakers of the channel (a probe may pass)").register(registry);
    this.cooldowns = MultiGauge.builder("llmrouter.key.cooldowns").description("keys of the channel cooling down")
        .register(registry);
    this.affinity = MultiGauge.builder("llmrouter.trace.affinity.entries")
        .description("sessions bound to a channel").register(registry);
  }

  /** Rebuilds every row from the current scheduler stats. */
  public synchronized void refresh() {
    List<MultiGauge.Row<?>> healthyRows = new ArrayList<>();
    List<MultiGauge.Row<?>> openRows = new ArrayList<>();
    List<MultiGauge.Row<?>> halfOpenRows = new ArrayList<>();
    List<MultiGauge.Row<?>> cooldownRows = new ArrayList<>();
    List<MultiGauge.Row<?>> affinityRows = new ArrayList<>();
    for (ApiKind kind : ApiKind.values()) {
      JsonObject s = stats.apply(kind);
      if (s == null) continue;
      affinityRows.add(MultiGauge.Row.of(Tags.of("kind", kind.pathName()), s.getLong("traceAffinityCount", 0)));
      JsonArray channels = s.getArray("channels");
      if (channels == null) continue;
      for (JsonValue v : channels) {
        JsonObject c = v.asObject();
        Tags tags = Tags.of("kind", kind.pathName(), "channel", c.getString("id", ""), "name", c.getString("name", ""));
        healthyRows.add(MultiGauge.Row.of(tags, c.getBoolean("healthy", false) ? 1 : 0));
        long opened = 0;
        long half = 0;
        JsonArray breakers = c.getArray("breakers");
        if (breakers != null) {
          for (JsonValue b : breakers) {
            String state = b.asObject().getString("state", "");
            if (state.equals("open")) opened++;
            if (state.equals("half_open")) half++;
          }
        }
        openRows.add(MultiGauge.Row.of(tags, opened));
        halfOpenRows.add(MultiGauge.Row.of(tags, half));
        JsonArray keyCooldowns = c.getArray("keyCooldowns");
        cooldownRows.add(MultiGauge.Row.of(tags, keyCooldowns == null ? 0 : keyCooldowns.size()));
      }
    }
    healthy.register(healthyRows, true);
    open.register(openRows, true);
    halfOpen.register(halfOpenRows, true);
    cooldowns.register(cooldownRows, true);
    affinity.register(affinityRows, true);
  }
}
