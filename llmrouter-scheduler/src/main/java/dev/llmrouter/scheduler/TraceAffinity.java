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
  /**
   * With a shared store, how long an entry is trusted before the store is asked again: another
   * router may have bound the trace elsewhere since (a stale answer only costs a cache miss upstream).
   */
  static final Duration SHARED_CACHE = Duration.ofSeconds(2);

  /**
   * @param checkedAt when this router last bound the trace or read it from the shared store
   * @param sharedAt when this router last wrote the binding to the shared store (null: never)
   */
  private record Entry(String channelId, Instant lastUsed, Instant checkedAt, Instant sharedAt) {}

  private final Duration ttl;
  private final int capacity;
  private final StateStore store;
  private final boolean shared;
  /** How often a binding that did not change is renewed in the shared store. */
  private final Duration renewEvery;
  private final Map<ApiKind, LinkedHashMap<String, Entry>> maps = new EnumMap<>(ApiKind.class);

  TraceAffinity(Duration ttl, int capacity) {
    this(ttl, capacity, StateStore.local());
  }

  /**
   * @param store where bindings are shared with other routers; with {@link StateStore#local()} the
   *     map is all there is
   */
  TraceAffinity(Duration ttl, int capacity, StateStore store) {
    this.ttl = ttl;
    this.capacity = capacity;
    this.store = store;
    this.shared = store.isShared();
    Duration tenth = ttl.dividedBy(10);
    this.renewEvery = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
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

  /**
   * The channel the trace is bound to, or null (also when the binding expired). With a shared store,
   * an entry missing here or older than {@link #SHARED_CACHE} is looked up there (outside the lock);
   * when the store cannot answer, this router's own entry stands.
   */
  String get(ApiKind kind, String trace, Instant now) {
    if (trace == null) return null;
    LinkedHashMap<String, Entry> map = maps.get(kind);
    String local;
    synchronized (map) {
      Entry e = map.get(trace);
      if (e != null && !now.isBefore(e.lastUsed().plus(ttl))) {
        map.remove(trace);
        e = null;
      }
      local = e == null ? null : e.channelId();
      if (!shared || (e != null && now.isBefore(e.checkedAt().plus(SHARED_CACHE)))) return local;
    }
    String remote = store.boundChannel(kind, trace);
    if (remote == null) return local;
    synchronized (map) {
      Entry e = map.get(trace);
      boolean same = e != null && remote.equals(e.channelId());
      map.put(trace, new Entry(remote, same ? e.lastUsed() : now, now, same ? e.sharedAt() : now));
    }
    return remote;
  }

  /** Binds (or renews) a trace to a channel, and shares the binding when the store is shared. */
  void bind(ApiKind kind, String trace, String channelId, Instant now) {
    if (trace == null) return;
    LinkedHashMap<String, Entry> map = maps.get(kind);
    boolean share;
    synchronized (map) {
      Entry e = map.get(trace);
      // The shared copy is written when the binding changes, and renewed now and then, not on every use.
      share = shared && (e == null || e.sharedAt() == null || !channelId.equals(e.channelId())
          || !now.isBefore(e.sharedAt().plus(renewEvery)));
      map.put(trace, new Entry(channelId, now, now, share ? now : e == null ? null : e.sharedAt()));
    }
    if (share) store.publish(new StateEvent.AffinityBound(kind, trace, channelId, ttl.toMillis()));
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
