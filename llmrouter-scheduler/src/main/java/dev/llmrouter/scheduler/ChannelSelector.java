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
import java.util.concurrent.atomic.AtomicReferenceArray;
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
  /** The last priority order per kind; a request on an older snapshot rebuilds it (correct, only slower). */
  private final AtomicReferenceArray<PriorityOrder> orders = new AtomicReferenceArray<>(ApiKind.values().length);

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

  /**
   * The priority order of a snapshot list: kept per kind while requests pass the same list
   * instance, built afresh the first time a new list (a new snapshot) comes.
   */
  PriorityOrder orderOf(ApiKind kind, List<Channel> channels) {
    PriorityOrder order = orders.get(kind.ordinal());
    if (order != null && order.source == channels) return order;
    order = PriorityOrder.of(channels, providers);
    orders.set(kind.ordinal(), order);
    return order;
  }

  /**
   * The next channel to try, or null when none is left.
   *
   * @param channels the channel list of one snapshot (immutable: its priority order is kept for the
   *     next call that passes the same list)
   * @param tried ids of channels already tried in this request
   */
  Selection select(List<Channel> channels, ClientRequest request, String trace, Set<String> tried, Instant now) {
    ApiKind kind = request.kind();
    PriorityOrder order = orderOf(kind, channels);
    Channel[] sorted = order.sorted;
    Pass pass = new Pass(order, request, tried);
    if (!pass.anyCandidate()) return null;
    String pin = RoutingHints.pinnedChannel(request);
    if (pin != null) {
      int at = order.indexOf(pin);
      if (at >= 0 && pass.isCandidate(at) && health.isHealthy(kind, sorted[at], now)) {
        return new Selection(sorted[at], Reason.PIN, false);
      }
      // The pinned channel is down, gone or failed: only a channel of its serviceType may know the state.
      if (at < 0) return null;
      pass.restrictTo(sorted[at].serviceType(), pin);
      if (!pass.anyCandidate()) return null;
    }
    for (int at : order.promotable) {
      if (sorted[at].isPromoted(now)) {
        // Only the first promoted channel counts; it wins even while its breakers are open.
        if (pass.isCandidate(at)) {
          return new Selection(sorted[at], Reason.PROMOTION, !health.isHealthy(kind, sorted[at], now));
        }
        break;
      }
    }
    String bound = affinity.get(kind, trace, now);
    if (bound != null) {
      int at = order.indexOf(bound);
      if (at >= 0 && pass.isCandidate(at) && health.isHealthy(kind, sorted[at], now)) {
        return new Selection(sorted[at], Reason.TRACE_AFFINITY, false);
      }
    }
    if (rule != null) {
      Selection ruled = byRule(request, pass, now);
      if (ruled != null) return ruled.channel() == null ? null : ruled;
    }
    Selection picked = firstHealthyGroup(kind, pass, now);
    return picked != null ? picked : leastFailing(kind, pass);
  }

  /**
   * The pick among the healthy candidates of the best priority group that has one, or null when no
   * candidate is healthy. Groups are walked in priority order and the walk stops at the first group
   * with a healthy candidate; a group where no channel has a weight stops at its first healthy one.
   */
  private Selection firstHealthyGroup(ApiKind kind, Pass pass, Instant now) {
    PriorityOrder order = pass.order;
    Channel[] sorted = order.sorted;
    int at = 0;
    while (at < sorted.length) {
      int end = order.groupEnd[at];
      if (!order.groupWeighted[at]) {
        for (; at < end; at++) {
          if (pass.isCandidate(at) && health.isHealthy(kind, sorted[at], now)) {
            return new Selection(sorted[at], Reason.PRIORITY, false);
          }
        }
        continue;
      }
      List<Channel> group = null;
      boolean weighted = false;
      for (; at < end; at++) {
        if (pass.isCandidate(at) && health.isHealthy(kind, sorted[at], now)) {
          if (group == null) group = new ArrayList<>(end - at);
          group.add(sorted[at]);
          weighted |= sorted[at].weight() != null;
        }
      }
      if (group != null) return pickInGroup(group, weighted);
    }
    return null;
  }

  /** The candidate with the lowest failure rate (the first of equals): tried even though it is unhealthy. */
  private Selection leastFailing(ApiKind kind, Pass pass) {
    Channel[] sorted = pass.order.sorted;
    Channel best = null;
    double bestRate = Double.MAX_VALUE;
    for (int at = 0; at < sorted.length; at++) {
      if (!pass.isCandidate(at)) continue;
      double rate = health.failureRate(kind, sorted[at]);
      if (rate < bestRate) {
        best = sorted[at];
        bestRate = rate;
      }
    }
    return best == null ? null : new Selection(best, Reason.FALLBACK, true);
  }

  /**
   * The pick of the custom rule; null when the rule failed (the router's own order applies), a
   * selection without a channel when the rule wants none of the candidates.
   */
  private Selection byRule(ClientRequest request, Pass pass, Instant now) {
    ApiKind kind = request.kind();
    Channel[] sorted = pass.order.sorted;
    List<SelectionRule.Candidate> offered = new ArrayList<>(sorted.length);
    for (int at = 0; at < sorted.length; at++) {
      if (!pass.isCandidate(at)) continue;
      ChannelHealth.Status status = health.status(kind, sorted[at], now);
      offered.add(new SelectionRule.Candidate(sorted[at], status.healthy(), status.failureRate()));
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
      if (pick == null || !pass.isCandidate(pick.channel())) continue;
      if (first == null) first = pick.channel();
      if (health.isHealthy(kind, pick.channel(), now)) return new Selection(pick.channel(), Reason.RULE, false);
    }
    return new Selection(first, first == null ? Reason.RULE : Reason.FALLBACK, first != null);
  }

  /** The first of the healthy channels of one priority group; spread by weight when they have weights. */
  private Selection pickInGroup(List<Channel> group, boolean weighted) {
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

  /**
   * The candidates of one pick: channels not yet tried, able to take the request (active, with keys
   * and base URLs, with a provider that supports it), and, after a failed pin, of the pinned
   * channel's service type. Each provider is asked once per pick. Not thread-safe; one per pick.
   */
  private static final class Pass {
    final PriorityOrder order;
    private final ClientRequest request;
    private final Set<String> tried;
    /** Per provider slot: 0 not asked yet, 1 supports the request, 2 does not. */
    private final byte[] supports;
    private String onlyType;
    private String excluded;

    Pass(PriorityOrder order, ClientRequest request, Set<String> tried) {
      this.order = order;
      this.request = request;
      this.tried = tried;
      this.supports = new byte[order.providers.length];
    }

    boolean isCandidate(int at) {
      int slot = order.providerSlot[at];
      if (slot < 0) return false;
      Channel c = order.sorted[at];
      if (tried.contains(c.id())) return false;
      if (onlyType != null && (c.id().equals(excluded) || !c.serviceType().equals(onlyType))) return false;
      if (supports[slot] == 0) supports[slot] = order.providers[slot].supports(request) ? (byte) 1 : (byte) 2;
      return supports[slot] == 1;
    }

    /** True when a channel equal to {@code c} is a candidate. */
    boolean isCandidate(Channel c) {
      int at = order.indexOf(c.id());
      if (at < 0) return false;
      Channel own = order.sorted[at];
      return (own == c || own.equals(c)) && isCandidate(at);
    }

    boolean anyCandidate() {
      for (int at = 0; at < order.sorted.length; at++) {
        if (isCandidate(at)) return true;
      }
      return false;
    }

    /** Leaves only channels of {@code serviceType} other than {@code pinnedId}. */
    void restrictTo(String serviceType, String pinnedId) {
      this.onlyType = serviceType;
      this.excluded = pinnedId;
    }
  }
}
