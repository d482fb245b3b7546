package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which channel each trace (an agent's session) last succeeded on, per API kind: a bounded LRU map
 * of trace key to channel id, with a time-to-live since last use checked on read. Memory stays
 * flat however many users come and go: the least recently used trace leaves when the map is full.
 * This class is thread-safe.
 */
final class TraceAffinity {
  private record Entry(String channelId, Instant lastUsed) {}

  private final Duration ttl;
  private final int capacity;
  private final Map<ApiKind, LinkedHashMap<String, Entry>> maps = new EnumMap<>(ApiKind.class);

  TraceAffinity(Duration ttl, int capacity) {
    this.ttl = ttl;
    this.capacity = capacity;
    for (ApiKind kind : ApiKind.values()) {
      maps.put(kind, new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > TraceAffinity.this.capacity;
        }
      });
    }
  }

  /** The channel the trace is bound to, or null (also when the binding expired). */
  String get(ApiKind kind, String trace, Instant now) {
    if (trace == null) return null;
    LinkedHashMap<String, Entry> map = maps.get(kind);
    synchronized (map) {
      Entry e = map.get(trace);
      if (e == null) return null;
      if (!now.isBefore(e.lastUsed().plus(ttl))) {
        map.remove(trace);
        return null;
      }
      return e.channelId();
    }
  }

  /** Binds (or renews) a trace to a channel. */
  void bind(ApiKind kind, String trace, String channelId, Instant now) {
    if (trace == null) return;
    LinkedHashMap<String, Entry> map = maps.get(kind);
    synchronized (map) {
      map.put(trace, new Entry(channelId, now));
    }
  }

  /** Drops every binding of a kind to a channel outside {@code keep}. */
  void retainChannels(ApiKind kind, Set<String> keep) {
    LinkedHashMap<String, Entry> map = maps.get(kind);
    synchronized (map) {
      map.values().removeIf(e -> !keep.contains(e.channelId()));
    }
  }

  /** Bindings of a kind that have not expired. */
  int size(ApiKind kind, Instant now) {
    return count(kind, null, now);
  }

  /** Unexpired bindings of a kind to one channel (or to any channel when {@code channelId} is null). */
  int count(ApiKind kind, String channelId, Instant now) {
    LinkedHashMap<String, Entry> map = maps.get(kind);
    synchronized (map) {
      int n = 0;
      for (Iterator<Entry> it = map.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (!now.isBefore(e.lastUsed().plus(ttl))) continue;
        if (channelId == null || channelId.equals(e.channelId())) n++;
      }
      return n;
    }
  }

  Duration ttl() {
    return ttl;
  }
}
