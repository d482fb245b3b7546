package dev.llmrouter.scheduler;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.provider.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel list in priority order, with what holds for as long as the list does not change:
 * its priority groups, which channels could ever take a request and through which provider, and
 * which carry a promotion. The selector builds one per snapshot list and keeps it while requests
 * pass that same list, so no request sorts. Immutable and thread-safe.
 */
final class PriorityOrder {
  /** The list this order was built from; an order is reused only for this very instance. */
  final List<Channel> source;
  /** The channels by priority, lowest first; ties keep list order. */
  final Channel[] sorted;
  /** For each position, the position after the last channel of its priority group. */
  final int[] groupEnd;
  /** For each position, whether some channel of its priority group has a weight. */
  final boolean[] groupWeighted;
  /**
   * For each position, the index of its provider in {@link #providers}, or -1 when the channel can
   * never be picked (not active, no key, no base URL, or no provider for its service type).
   */
  final int[] providerSlot;
  /** The distinct providers of the channels, one per service type. */
  final Provider[] providers;
  /** Positions of the active channels that have a promotion end, in priority order. */
  final int[] promotable;
  private final Map<String, Integer> positions;

  private PriorityOrder(List<Channel> source, Map<String, Provider> providersByType) {
    this.source = source;
    List<Channel> byPriority = ChannelSelector.byPriority(source);
    int n = byPriority.size();
    this.sorted = byPriority.toArray(new Channel[0]);
    this.groupEnd = new int[n];
    this.groupWeighted = new boolean[n];
    this.providerSlot = new int[n];
    this.positions = new HashMap<>(n * 2);
    Map<String, Integer> slots = new HashMap<>();
    List<Provider> distinct = new ArrayList<>();
    List<Integer> promoted = new ArrayList<>();
    int start = 0;
    for (int at = 0; at < n; at++) {
      Channel c = sorted[at];
      positions.put(c.id(), at);
      providerSlot[at] = slotOf(c, providersByType, slots, distinct);
      if (c.isActive() && c.promotionUntil() != null) promoted.add(at);
      if (at + 1 == n || sorted[at + 1].priority() != c.priority()) {
        boolean weighted = false;
        for (int i = start; i <= at; i++) weighted |= sorted[i].weight() != null;
        for (int i = start; i <= at; i++) {
          groupEnd[i] = at + 1;
          groupWeighted[i] = weighted;
        }
        start = at + 1;
      }
    }
    this.providers = distinct.toArray(new Provider[0]);
    this.promotable = promoted.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The order of a list.
   *
   * @param channels the list, which must not change afterwards (snapshot lists never do)
   * @param providersByType the router's providers by service type
   */
  static PriorityOrder of(List<Channel> channels, Map<String, Provider> providersByType) {
    return new PriorityOrder(channels, providersByType);
  }

  /** The position of the channel with this id, or -1 when the list has none. */
  int indexOf(String id) {
    Integer at = positions.get(id);
    return at == null ? -1 : at;
  }

  private static int slotOf(Channel c, Map<String, Provider> providersByType, Map<String, Integer> slots,
      List<Provider> distinct) {
    if (!c.isActive() || c.apiKeys().isEmpty() || c.allBaseUrls().isEmpty()) return -1;
    Provider p = providersByType.get(c.serviceType());
    if (p == null) return -1;
    return slots.computeIfAbsent(c.serviceType(), t -> {
      distinct.add(p);
      return distinct.size() - 1;
    });
  }
}
