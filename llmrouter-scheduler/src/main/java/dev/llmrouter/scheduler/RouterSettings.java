package dev.llmrouter.scheduler;

import dev.llmrouter.api.provider.Timeouts;
import java.util.Objects;

/**
 * The router's tunables. Immutable.
 *
 * @param timeouts limits of each upstream attempt
 */
public record RouterSettings(Timeouts timeouts) {
  public static final RouterSettings DEFAULT = new RouterSettings(Timeouts.DEFAULT);

  public RouterSettings {
    Objects.requireNonNull(timeouts, "timeouts");
  }
}
