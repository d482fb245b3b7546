package dev.llmrouter.redis;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.scheduler.StateEvent;
import dev.llmrouter.scheduler.StateEvent.AffinityBound;
import dev.llmrouter.scheduler.StateEvent.BreakerClosed;
import dev.llmrouter.scheduler.StateEvent.BreakerOpened;
import dev.llmrouter.scheduler.StateEvent.KeyCooling;
import dev.llmrouter.scheduler.StateEvent.KeyRecovered;
import dev.llmrouter.scheduler.StateEvent.Outcome;
import dev.llmrouter.scheduler.StateEvent.Resumed;
import dev.llmrouter.scheduler.StateEvent.UrlCooling;
import dev.llmrouter.scheduler.StateEvent.UrlRecovered;
import dev.llmrouter.scheduler.StateStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing state of several routers in Redis. Every change is published on the {@code events}
 * channel (fire and forget) for the other routers to apply; what must outlive a missed message is
 * also kept under a key with its own expiry: trace bindings ({@code aff:}, read back by
 * {@link #boundChannel}), open breakers and key and base URL cooldowns ({@code state:}, read back
 * after every reconnection so a router that was cut off, or has just started, catches up). Breaker
 * windows are not kept: they refill from the next results. Thread-safe.
 */
final class RedisStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(RedisStateStore.class);
  /** The longest wait for a trace binding on the request path, whatever the command timeout. */
  private static final Duration AFFINITY_WAIT = Duration.ofMillis(50);
  /** How long attempt results are gathered before they are sent as one message. */
  static final Duration OUTCOME_BATCH = Duration.ofMillis(100);
  /** An open breaker's record lives this long at most (a close normally deletes it sooner). */
  private static final long OPEN_RECORD_MILLIS = Duration.ofDays(1).toMillis();

  private final RedisBackend backend;
  /** Results not sent yet, per slot: {successes, failures, last time}. */
  private final ConcurrentHashMap<Slot, long[]> pending = new ConcurrentHashMap<>();

  private record Slot(ApiKind kind, String channelId, String baseUrl, String keyFingerprint) {}

  RedisStateStore(RedisBackend backend) {
    this.backend = backend;
    backend.every(OUTCOME_BATCH, this::flushOutcomes);
  }

  /**
   * Sends the gathered results as one message: breaker windows tolerate being 100 ms late, and one
   * message per request would cost Redis and every instance a message per request. Transitions
   * (a breaker opening) are sent at once.
   */
  private void flushOutcomes() {
    if (pending.isEmpty()) return;
    List<Outcome> batch = new ArrayList<>();
    for (Slot slot : List.copyOf(pending.keySet())) {
      long[] counts = pending.remove(slot);
      if (counts == null) continue;
      synchronized (counts) {
        batch.add(new Outcome(slot.kind(), slot.channelId(), slot.baseUrl(), slot.keyFingerprint(),
            (int) Math.min(Integer.MAX_VALUE, counts[0]), (int) Math.min(Integer.MAX_VALUE, counts[1]), counts[2]));
      }
    }
    RedisAsyncCommands<String, String> cmd = backend.commands();
    if (cmd == null || batch.isEmpty()) return;
    try {
      backend.watch(cmd.publish(backend.key("events"), EventCodec.encodeOutcomes(backend.instanceId(), batch)));
    } catch (RuntimeException e) {
      backend.failed(e);
    }
  }

  @Override
  public boolean isShared() {
    return true;
  }

  @Override
  public String boundChannel(ApiKind kind, String trace) {
    RedisAsyncCommands<String, String> cmd = backend.commands();
    // While Redis is slow the request does not wait for it: this instance's own binding stands.
    if (cmd == null || backend.isSlow()) return null;
    try {
      return backend.await(cmd.get(affinityKey(kind, trace)), AFFINITY_WAIT);
    } catch (RedisUnavailableException e) {
      return null;
    }
  }

  @Override
  public void publish(StateEvent event) {
    RedisAsyncCommands<String, String> cmd = backend.commands();
    if (cmd == null) return;
    if (event instanceof Outcome o) {
      long[] counts = pending.computeIfAbsent(new Slot(o.kind(), o.channelId(), o.baseUrl(), o.keyFingerprint()),
          s -> new long[3]);
      synchronized (counts) {
        counts[0] += o.successes();
        counts[1] += o.failures();
        counts[2] = Math.max(counts[2], o.atMillis());
      }
      return;
    }
    try {
      if (event instanceof AffinityBound a) {
        backend.watch(cmd.set(affinityKey(a.kind(), a.trace()), a.channelId(),
            SetArgs.Builder.px(Math.max(1, a.ttlMillis()))));
        return;
      }
      String text = EventCodec.encode(backend.instanceId(), event);
      backend.watch(cmd.publish(backend.key("events"), text));
      keep(cmd, event, text);
    } catch (RuntimeException e) {
      backend.failed(e);
    }
  }

  /** Keeps what a router must find after a missed message. */
  private void keep(RedisAsyncCommands<String, String> cmd, StateEvent event, String text) {
    long now = System.currentTimeMillis();
    if (event instanceof BreakerOpened o) {
      backend.watch(cmd.set(openKey(o.kind(), o.channelId(), o.keyFingerprint(), o.baseUrl()), text,
          SetArgs.Builder.px(OPEN_RECORD_MILLIS)));
    } else if (event instanceof BreakerClosed c) {
      backend.watch(cmd.del(openKey(c.kind(), c.channelId(), c.keyFingerprint(), c.baseUrl())));
    } else if (event instanceof KeyCooling k) {
      long left = k.untilMillis() - now;
      if (left > 0) {
        backend.watch(cmd.set(keyKey(k.kind(), k.channelId(), k.keyFingerprint()), text, SetArgs.Builder.px(left)));
      }
    } else if (event instanceof KeyRecovered k) {
      backend.watch(cmd.del(keyKey(k.kind(), k.channelId(), k.keyFingerprint())));
    } else if (event instanceof UrlCooling u) {
      long left = u.untilMillis() - now;
      if (left > 0) {
        backend.watch(cmd.set(urlKey(u.kind(), u.channelId(), u.baseUrl()), text, SetArgs.Builder.px(left)));
      }
    } else if (event instanceof UrlRecovered u) {
      backend.watch(cmd.del(urlKey(u.kind(), u.channelId(), u.baseUrl())));
    } else if (event instanceof Resumed r) {
      backend.execute(() -> forget(r.kind(), r.channelId()));
    }
  }

  @Override
  public void subscribe(Consumer<StateEvent> sink) {
    backend.subscribe("events", text -> {
      EventCodec.Message m;
      try {
        m = EventCodec.decode(text);
      } catch (RuntimeException e) {
        log.warn("[Redis-Events] a message that is not a state event was skipped: {}", e.toString());
        return;
      }
      if (!m.sender().equals(backend.instanceId())) {
        for (StateEvent e : m.events()) sink.accept(e);
      }
    });
    backend.onReconnect("state", () -> resync(sink));
  }

  /** Delivers every kept record (open breakers, cooldowns) to the sink. */
  private void resync(Consumer<StateEvent> sink) {
    int n = 0;
    for (String text : scanValues(backend.key("state:*"))) {
      try {
        for (StateEvent e : EventCodec.decode(text).events()) sink.accept(e);
        n++;
      } catch (RuntimeException e) {
        log.debug("[Redis-Resync] skipped a record: {}", e.toString());
      }
    }
    log.debug("[Redis-Resync] {} shared breaker and cooldown records applied", n);
  }

  /** Deletes the kept records of a resumed channel. */
  private void forget(ApiKind kind, String channelId) {
    RedisAsyncCommands<String, String> cmd = backend.commands();
    if (cmd == null) return;
    String mid = ":" + kind.pathName() + ":" + glob(channelId) + ":*";
    for (String pattern : List.of("state:open" + mid, "state:key" + mid, "state:url" + mid)) {
      List<String> keys = scanKeys(backend.key(pattern));
      if (!keys.isEmpty()) backend.watch(cmd.del(keys.toArray(new String[0])));
    }
  }

  private List<String> scanValues(String pattern) {
    RedisAsyncCommands<String, String> cmd = backend.commands();
    List<String> keys = scanKeys(pattern);
    if (cmd == null || keys.isEmpty()) return List.of();
    try {
      List<KeyValue<String, String>> values = backend.await(cmd.mget(keys.toArray(new String[0])));
      return values.stream().filter(KeyValue::hasValue).map(KeyValue::getValue).toList();
    } catch (RedisUnavailableException e) {
      return List.of();
    }
  }

  private List<String> scanKeys(String pattern) {
    RedisAsyncCommands<String, String> cmd = backend.commands();
    if (cmd == null) return List.of();
    java.util.ArrayList<String> keys = new java.util.ArrayList<>();
    try {
      ScanCursor cursor = ScanCursor.INITIAL;
      ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
      do {
        KeyScanCursor<String> page = backend.await(cmd.scan(cursor, args));
        keys.addAll(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RedisUnavailableException e) {
      return List.of();
    }
    return keys;
  }

  private String affinityKey(ApiKind kind, String trace) {
    return backend.key("aff:" + kind.pathName() + ":" + trace);
  }

  private String openKey(ApiKind kind, String channelId, String fingerprint, String baseUrl) {
    return backend.key("state:open:" + kind.pathName() + ":" + channelId + ":" + fingerprint + ":" + baseUrl);
  }

  private String keyKey(ApiKind kind, String channelId, String fingerprint) {
    return backend.key("state:key:" + kind.pathName() + ":" + channelId + ":" + fingerprint);
  }

  private String urlKey(ApiKind kind, String channelId, String baseUrl) {
    return backend.key("state:url:" + kind.pathName() + ":" + channelId + ":" + baseUrl);
  }

  /** A literal for a SCAN pattern. */
  private static String glob(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') b.append('\\');
      b.append(ch);
    }
    return b.toString();
  }

  @Override
  public Status status() {
    return backend.status();
  }

  /** The backend owns the connection: closing the store leaves it to the backend's owner. */
  @Override
  public void close() {
    // Nothing of its own to release.
  }
}
