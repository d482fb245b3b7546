package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;

/**
 * What every stream watcher keeps: the usage seen so far, read with
 * {@link dev.llmrouter.convert.usage.UsageReaders}, and whether the stream ended properly. Not
 * thread-safe; one per stream.
 */
abstract class StreamWatcherBase implements StreamWatcher {
  /** The usage seen so far; never null. */
  protected Usage usage = Usage.NONE;
  /** True once the protocol's terminal event was seen (for Gemini: a finish reason). */
  protected boolean completed;

  @Override
  public boolean completed() {
    return completed;
  }

  @Override
  public Usage usage() {
    return usage;
  }
}
