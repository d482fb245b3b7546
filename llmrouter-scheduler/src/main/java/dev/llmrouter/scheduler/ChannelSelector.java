package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.RoutingHints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the next channel of one request: promotion, then trace affinity, then priority (with
 * weights), then the least failing channel when none is healthy. Suspended and disabled channels,
 * channels without keys or base URLs, and channels whose provider is missing or cannot serve the
 * request are never picked. A custom {@link SelectionRule} replaces the priority and weight step.
 * Thread-safe.
 */
final class ChannelSelector {
  private static final Logger log = LoggerFactory.getLogger(ChannelSelector.class);

  /** Why a channel was picked. */
  enum Reason {
    PIN("pinned"), PROMOTION("promotion_priority"), TRACE_AFFINITY("trace_affinity"), PRIORITY("priority_order"),
    WEIGHTED("weighted"), RULE("selection_rule"), FALLBACK("fallback");

    final String wire;

    Reason(String wire) {
      this.wire = wire;
    }
  }

  /**
   * A pick.
   *
   * @param forced the channel is unhealthy and is tried anyway (promotion or fallback): its keys
   *     go through even where their breakers are open
   */
  record Selection(Channel channel, Reason reason, boolean forced) {}

  private final Map<String, Provider> providers;
  private final ChannelHealth health;
  private final TraceAffinity affinity;
  private final RandomGenerator random;
  private final SelectionRule rule;

  ChannelSelector(Map<String, Provider> providers, ChannelHealth health, TraceAffinity affinity,
      RandomGenerator random, SelectionRule rule) {
    this.providers = providers;
    this.health = health;
    this.affinity = affinity;
    this.random = random;
    this.rule = rule;
  }

  /** The channel's list sorted by priority, lowest first; ties keep list order. */
  static List<Channel> byPriority(List<Channel> channels) {
    List<Channel> sorted = new ArrayList<>(channels);
    sorted.sort(Comparator.comparingInt(Channel::priority)); // List.sort is stable
    return sorted;
  }

  /** The trace key of a request, or null: the session signals that agents send. */
  static String traceKey(ClientRequest request) {
    if (request.kind() == ApiKind.MESSAGES) {
      String session = nonEmpty(request.headers().get("x-claude-code-session-id"));
      return session != null ? session : nonEmpty(request.fields().userId());
    }
    for (String h : new String[] {"conversation_id", "session_id"}) {
      String v = nonEmpty(request.headers().get(h));
      if (v != null) return v;
    }
    String cacheKey = nonEmpty(request.fields().promptCacheKey());
    return cacheKey != null ? cacheKey : nonEmpty(request.fields().userId());
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** True when the channel may ever take this request. */
  boolean eligible(Channel c, ClientRequest request) {
    if (!c.isActive() || c.apiKeys().isEmpty() || c.allBaseUrls().isEmpty()) return false;
    Provider p = providers.get(c.serviceType());
    return p != null && p.supports(request);
  }

  /**
   * The next channel to try, or null when none is left.
   *
   * @param tried ids of channels already tried in this request
   */
  Selection select(List<Channel> channels, ClientRequest request, String trace, Set<String> tried, Instant now) {
    ApiKind kind = request.kind();
    List<Channel> sorted = byPriority(channels);
    List<Channel> candidates = new ArrayList<>();
    for (Channel c : sorted) {
      if (!tried.contains(c.id()) && eligible(c, request)) candidates.add(c);
    }
    if (candidates.isEmpty()) return null;
    String pin = RoutingHints.pinnedChannel(request);
    if (pin != null) {
      for (Channel c : candidates) {
        if (c.id().equals(pin) && health.isHealthy(kind, c, now)) return new Selection(c, Reason.PIN, false);
      }
      // The pinned channel is down, gone or failed: only a channel of its serviceType may know the state.
      String type = null;
      for (Channel c : channels) {
        if (c.id().equals(pin)) type = c.serviceType();
      }
      String pinnedType = type;
      candidates.removeIf(c -> c.id().equals(pin) || !c.serviceType().equals(pinnedType));
      if (candidates.isEmpty()) return null;
    }
    for (Channel c : sorted) {
      if (c.isActive() && c.isPromoted(now)) {
        // Only the first promoted channel counts; it wins even while its breakers are open.
        if (candidates.contains(c)) return new Selection(c, Reason.PROMOTION, !health.isHealthy(kind, c, now));
        break;
      }
    }
    String bound = affinity.get(kind, trace, now);
    if (bound != null) {
      for (Channel c : candidates) {
        if (c.id().equals(bound) && health.isHealthy(kind, c, now)) return new Selection(c, Reason.TRACE_AFFINITY, false);
      }
    }
    if (rule != null) {
      Selection ruled = byRule(request, candidates, now);
      if (ruled != null) return ruled.channel() == null ? null : ruled;
    }
    List<Channel> healthy = new ArrayList<>();
    for (Channel c : candidates) {
      if (health.isHealthy(kind, c, now)) healthy.add(c);
    }
    if (!healthy.isEmpty()) return pickByPriority(healthy);
    Channel best = null;
    double bestRate = Double.MAX_VALUE;
    for (Channel c : candidates) {
      double rate = health.failureRate(kind, c);
      if (rate < bestRate) {
        best = c;
        bestRate = rate;
      }
    }
    return new Selection(best, Reason.FALLBACK, true);
  }

  /**
   * The pick of the custom rule; null when the rule failed (the router's own order applies), a
   * selection without a channel when the rule wants none of the candidates.
   */
  private Selection byRule(ClientRequest request, List<Channel> candidates, Instant now) {
    ApiKind kind = request.kind();
    List<SelectionRule.Candidate> offered = new ArrayList<>(candidates.size());
    for (Channel c : candidates) {
      offered.add(new SelectionRule.Candidate(c, health.isHealthy(kind, c, now), health.failureRate(kind, c)));
    }
    List<SelectionRule.Candidate> ordered;
    try {
      ordered = rule.order(request, List.copyOf(offered));
    } catch (RuntimeException e) {
      log.warn("[Scheduler-Rule] kind={} selection rule failed, priority order used: {}", kind.pathName(),
          e.toString());
      return null;
    }
    if (ordered == null) {
      log.warn("[Scheduler-Rule] kind={} selection rule returned null, priority order used", kind.pathName());
      return null;
    }
    Channel first = null;
    for (SelectionRule.Candidate pick : ordered) {
      if (pick == null || !candidates.contains(pick.channel())) continue;
      if (first == null) first = pick.channel();
      if (health.isHealthy(kind, pick.channel(), now)) return new Selection(pick.channel(), Reason.RULE, false);
    }
    return new Selection(first, first == null ? Reason.RULE : Reason.FALLBACK, first != null);
  }

  /** The first of the lowest priority group; spread by weight when the group has weights. */
  private Selection pickByPriority(List<Channel> healthy) {
    int top = healthy.get(0).priority();
    List<Channel> group = new ArrayList<>();
    boolean weighted = false;
    for (Channel c : healthy) {
      if (c.priority() != top) break;
      group.add(c);
      weighted |= c.weight() != null;
    }
    if (!weighted || group.size() == 1) return new Selection(group.get(0), Reason.PRIORITY, false);
    long total = 0;
    for (Channel c : group) total += weightOf(c);
    long pick;
    synchronized (random) {
      pick = random.nextLong(total);
    }
    for (Channel c : group) {
      pick -= weightOf(c);
      if (pick < 0) return new Selection(c, Reason.WEIGHTED, false);
    }
    return new Selection(group.get(group.size() - 1), Reason.WEIGHTED, false);
  }

  /** An absent weight in a weighted group counts as 1. */
  private static int weightOf(Channel c) {
    return c.weight() == null ? 1 : c.weight();
  }
}
