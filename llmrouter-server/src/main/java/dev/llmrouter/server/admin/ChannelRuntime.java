package dev.llmrouter.server.admin;

import dev.llmrouter.api.ApiKind;

/**
 * The runtime state the admin API may reset: breakers, key cooldowns and similar state the router
 * keeps per channel id. Implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ChannelRuntime {
  /** For a router that keeps no per-channel failure state: there is nothing to reset. */
  ChannelRuntime NONE = (kind, channelId) -> { };

  /**
   * Clears a channel's failure state (open breakers, cooldowns, failure windows) so that it is tried
   * again at once. Its status and history are left alone.
   */
  void resume(ApiKind kind, String channelId);
}
