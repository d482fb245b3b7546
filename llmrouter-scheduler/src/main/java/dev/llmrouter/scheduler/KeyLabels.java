package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Keys#fingerprint} of the router's keys, each hashed once instead of on every attempt. It
 * holds only keys of the router's channels (whose snapshot holds them anyway): keys that leave the
 * snapshot are dropped by {@link #retain}, and past {@code capacity} keys it starts afresh, so it
 * stays bounded whatever keys pass through. This class is thread-safe.
 */
final class KeyFingerprints {
  private final int capacity;
  private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();

  /**
   * @param capacity the most keys remembered, at least 1
   * @throws IllegalArgumentException when {@code capacity} is less than 1
   */
  KeyFingerprints(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
    this.capacity = capacity;
  }

  /**
   * The fingerprint of a key.
   *
   * @throws NullPointerException when {@code key} is null
   */
  String of(String key) {
    String fp = known.get(key);
    if (fp != null) return fp;
    fp = Keys.fingerprint(key);
    if (known.size() >= capacity) known.clear();
    known.put(key, fp);
    return fp;
  }

  /** Keys remembered now. */
  int size() {
    return known.size();
  }

  /** Forgets the keys that no channel of the snapshot has. */
  void retain(ChannelSnapshot snapshot) {
    Set<String> keep = new HashSet<>();
    for (ApiKind kind : ApiKind.values()) {
      for (Channel c : snapshot.channels(kind)) keep.addAll(c.apiKeys());
    }
    known.keySet().retainAll(keep);
  }
}
