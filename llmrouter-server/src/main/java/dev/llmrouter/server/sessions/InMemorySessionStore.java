package dev.llmrouter.server.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in memory, bounded by {@link SessionLimits}: a conversation expires after
 * its idle time (checked on every lookup, and swept at the sweep interval as calls come in, so no
 * thread is needed), is dropped as soon as it holds more items or tokens than allowed, and the
 * least recently used conversation goes when there are too many. Answers to the same previous
 * response branch the conversation; the branches share nothing afterwards. Lost on restart.
 *
 * <p>This class is thread-safe.
 */
public final class InMemorySessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(InMemorySessionStore.class);

  private static final class Conversation {
    final String id = UUID.randomUUID().toString();
    final List<String> items = new ArrayList<>();
    final List<String> responseIds = new ArrayList<>(2);
    final Upstream upstream;
    long tokens;
    long bytes;
    Instant lastUsed;

    Conversation(Upstream upstream, Instant now) {
      this.upstream = upstream;
      this.lastUsed = now;
    }
  }

  /** A response: its conversation and how many of its items lead up to it. */
  private record Ref(Conversation conversation, int prefix) {}

  private final SessionLimits limits;
  private final Clock clock;
  private final LinkedHashMap<String, Conversation> conversations = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<String, Ref> responses = new HashMap<>();
  private Instant lastSweep;
  private long totalBytes;

  public InMemorySessionStore(SessionLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastSweep = clock.instant();
  }

  @Override
  public synchronized Stored find(String responseId) {
    Instant now = clock.instant();
    maybeSweep(now);
    Ref ref = responses.get(responseId);
    if (ref == null) return null;
    Conversation c = ref.conversation();
    if (expired(c, now)) {
      drop(c, "expired");
      return null;
    }
    c.lastUsed = now;
    conversations.get(c.id);
    if (c.upstream != null) return c.upstream;
    return new Local(c.items.subList(0, ref.prefix()));
  }

  @Override
  public synchronized boolean saveLocal(String responseId, String previousResponseId, List<String> turnItems,
      long conversationTokens) {
    Instant now = clock.instant();
    maybeSweep(now);
    if (responses.containsKey(responseId)) {
      log.warn("[Sessions-Save] response id {} is taken; not recorded", responseId);
      return false;
    }
    Conversation c;
    if (previousResponseId == null) {
      c = new Conversation(null, now);
    } else {
      Ref prev = responses.get(previousResponseId);
      if (prev == null || prev.conversation().upstream != null || expired(prev.conversation(), now)) return false;
      Conversation p = prev.conversation();
      if (prev.prefix() == p.items.size()) {
        c = p;
      } else {
        // A second answer to the same previous response: a new branch with its own copy of the history.
        c = new Conversation(null, now);
        c.items.addAll(p.items.subList(0, prev.prefix()));
        for (String item : c.items) c.bytes += size(item);
        totalBytes += c.bytes;
      }
    }
    c.items.addAll(turnItems);
    for (String item : turnItems) {
      c.bytes += size(item);
      totalBytes += size(item);
    }
    c.tokens = conversationTokens;
    c.lastUsed = now;
    c.responseIds.add(responseId);
    responses.put(responseId, new Ref(c, c.items.size()));
    conversations.put(c.id, c);
    if (c.items.size() > limits.maxItems() || c.tokens > limits.maxTokens() || c.bytes > limits.maxBytes()) {
      drop(c, "over its limits (" + c.items.size() + " items, " + c.tokens + " tokens)");
      return false;
    }
    evictOverCount();
    return true;
  }

  @Override
  public synchronized void saveUpstream(String responseId, Upstream where) {
    Instant now = clock.instant();
    maybeSweep(now);
    if (responses.containsKey(responseId)) return;
    Conversation c = new Conversation(where, now);
    c.responseIds.add(responseId);
    responses.put(responseId, new Ref(c, 0));
    conversations.put(c.id, c);
    evictOverCount();
  }

  @Override
  public synchronized void sweep() {
    Instant now = clock.instant();
    lastSweep = now;
    int before = conversations.size();
    for (Iterator<Conversation> it = conversations.values().iterator(); it.hasNext(); ) {
      Conversation c = it.next();
      if (expired(c, now)) {
        it.remove();
        totalBytes -= c.bytes;
        for (String id : c.responseIds) responses.remove(id);
      }
    }
    int swept = before - conversations.size();
    if (swept > 0) log.debug("[Sessions-Sweep] dropped {} expired conversations; {} left", swept, conversations.size());
  }

  @Override
  public synchronized int size() {
    return conversations.size();
  }

  private void maybeSweep(Instant now) {
    if (!now.isBefore(lastSweep.plus(limits.sweepInterval()))) sweep();
  }

  private boolean expired(Conversation c, Instant now) {
    return !now.isBefore(c.lastUsed.plus(limits.maxIdle()));
  }

  private static long size(String item) {
    return 2L * item.length();
  }

  /** The bytes of item text kept now (for tests and monitoring). */
  synchronized long bytes() {
    return totalBytes;
  }

  private void evictOverCount() {
    while (conversations.size() > limits.maxConversations()
        || (totalBytes > limits.maxBytes() && conversations.size() > 1)) {
      Conversation eldest = conversations.values().iterator().next();
      drop(eldest, "least recently used");
    }
  }

  private void drop(Conversation c, String why) {
    if (conversations.remove(c.id) != null) totalBytes -= c.bytes;
    for (String id : c.responseIds) responses.remove(id);
    log.debug("[Sessions-Drop] conversation of {} responses dropped: {}", c.responseIds.size(), why);
  }
}
