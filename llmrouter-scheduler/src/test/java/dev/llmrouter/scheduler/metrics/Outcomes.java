package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.time.Instant;

/** Builds outcomes for tests. */
final class Outcomes {
  private Outcomes() {}

  static AttemptOutcome of(String channel, String key, AttemptOutcome.Result result, Instant at, Usage usage) {
    return of(ApiKind.MESSAGES, channel, key, result, at, usage, 120, 40);
  }

  static AttemptOutcome of(ApiKind kind, String channel, String key, AttemptOutcome.Result result, Instant at,
      Usage usage, long totalMs, long firstByteMs) {
    int status = result == AttemptOutcome.Result.SUCCESS ? 200
        : result == AttemptOutcome.Result.FAILURE ? 503 : result == AttemptOutcome.Result.CLIENT_ERROR ? 400 : 0;
    return new AttemptOutcome(kind, channel, "name-" + channel, "https://up.example", "fp-" + key, "mask-" + key,
        "claude-sonnet-4-5", status, result, firstByteMs < 0 ? -1 : firstByteMs * 1_000_000L, totalMs * 1_000_000L,
        usage, false, at, null);
  }

  static AttemptOutcome ok(String channel, String key, Instant at) {
    return of(channel, key, AttemptOutcome.Result.SUCCESS, at, Usage.of(10, 5));
  }
}
