package dev.llmrouter.server.logging;

import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import java.io.File;
import java.time.Duration;

/**
 * Logback's fixed window (a set number of rotated files) that also deletes rotated files older
 * than an age limit, at start and after each rotation.
 */
final class AgedRollingPolicy extends FixedWindowRollingPolicy {
  private final Duration maxAge;

  AgedRollingPolicy(Duration maxAge) {
    this.maxAge = maxAge;
  }

  @Override
  public void start() {
    super.start();
    prune();
  }

  @Override
  public void rollover() throws RolloverFailure {
    super.rollover();
    prune();
  }

  /** Deletes the rotated files (index min to max) last written before the age limit. */
  private void prune() {
    long cutoff = System.currentTimeMillis() - maxAge.toMillis();
    for (int i = getMinIndex(); i <= getMaxIndex(); i++) {
      File f = new File(getFileNamePattern().replace("%i", Integer.toString(i)));
      if (f.isFile() && f.lastModified() < cutoff && !f.delete()) {
        addWarn("could not delete the old log file " + f);
      }
    }
  }
}
