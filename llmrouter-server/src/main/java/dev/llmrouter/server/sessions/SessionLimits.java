package dev.llmrouter.server.sessions;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the Responses conversation state. A conversation that exceeds any of them is dropped as
 * a whole (never trimmed, which would silently change what the model sees).
 *
 * @param maxIdle how long a conversation lives after its last use
 * @param maxItems the most input and output items one conversation may hold
 * @param maxTokens the most tokens one conversation may reach (its latest turn's input plus output)
 * @param maxConversations the most conversations kept; the least recently used go first
 * @param maxBytes the most item text kept in all (UTF-16 chars count two bytes); the least recently
 *     used conversations go first
 * @param sweepInterval how often expired and oversized conversations are swept
 */
public record SessionLimits(Duration maxIdle, int maxItems, long maxTokens, int maxConversations, long maxBytes,
    Duration sweepInterval) {

  /**
   * The original's limits (24 hours, 100 items, 100,000 tokens, a sweep every 5 minutes), plus at
   * most 10,000 conversations and 128 MiB of items (so that a full store fits the launcher's heap
   * of 320 MiB beside the requests in flight).
   */
  public static final SessionLimits DEFAULT =
      new SessionLimits(Duration.ofHours(24), 100, 100_000, 10_000, 128L * 1024 * 1024, Duration.ofMinutes(5));

  public SessionLimits {
    Objects.requireNonNull(maxIdle, "maxIdle");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    if (maxIdle.isNegative() || maxIdle.isZero()) throw new IllegalArgumentException("maxIdle must be positive");
    if (maxItems < 1) throw new IllegalArgumentException("maxItems < 1: " + maxItems);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens < 1: " + maxTokens);
    if (maxConversations < 1) throw new IllegalArgumentException("maxConversations < 1: " + maxConversations);
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
  }
}
