package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Keys#fingerprint fingerprint} and {@link Keys#mask mask} of the router's keys, each
 * made once per key instead of on every attempt (a fingerprint is a SHA-256). It holds only keys of
 * the router's channels, which its snapshot holds anyway: keys that leave the snapshot are dropped
 * by {@link #retain}, and past {@code capacity} keys it starts afresh, so it stays bounded whatever
 * keys pass through. This class is thread-safe.
 */
final class KeyLabels {
  private record Label(String fingerprint, String mask) {}

  private final int capacity;
  private final ConcurrentHashMap<String, Label> known = new ConcurrentHashMap<>();

  /**
   * @param capacity the most keys remembered, at least 1
   * @throws IllegalArgumentException when {@code capacity} is less than 1
   */
  KeyLabels(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
    this.capacity = capacity;
  }

  /**
   * {@return the key's fingerprint}
   *
   * @throws NullPointerException when {@code key} is null
   */
  String fingerprint(String key) {
    return label(key).fingerprint();
  }

  /**
   * {@return the key's masked form}
   *
   * @throws NullPointerException when {@code key} is null
   */
  String mask(String key) {
    return label(key).mask();
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

  private Label label(String key) {
    Label label = known.get(key);
    if (label != null) return label;
    label = new Label(Keys.fingerprint(key), Keys.mask(key));
    if (known.size() >= capacity) known.clear();
    known.put(key, label);
    return label;
  }
}
