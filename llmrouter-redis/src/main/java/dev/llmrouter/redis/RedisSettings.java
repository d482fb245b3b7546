package dev.llmrouter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the shared Redis is and how long to wait for it.
 *
 * @param url {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS
 * @param keyPrefix put before every key and pub/sub channel, so several deployments can share one
 *     Redis (for example {@code "llmrouter:"})
 * @param timeout the longest wait for one command (and for a connection); past it the router goes on
 *     with its own state
 */
public record RedisSettings(String url, String keyPrefix, Duration timeout) {
  public RedisSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(timeout, "timeout");
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://");
    }
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
  }

  /** The URL without its password, for logs. */
  public String safeUrl() {
    int scheme = url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    return at > scheme ? url.substring(0, scheme) + "***@" + url.substring(at + 1) : url;
  }

  @Override
  public String toString() {
    return "RedisSettings{url=" + safeUrl() + ", keyPrefix=" + keyPrefix + ", timeout=" + timeout + "}";
  }
}
