package dev.llmrouter.server.config;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Carries the router's key reordering (quota-failed keys moved to the end) onto whatever snapshot
 * the store holds when it writes, so that an admin change made in between is not lost: only channels
 * whose keys are the same set in both snapshots take the router's order.
 */
public final class KeyOrders {
  private KeyOrders() {}

  /** Returns {@code current} with the key order of {@code reordered} where only the order differs. */
  public static ChannelSnapshot adopt(ChannelSnapshot current, ChannelSnapshot reordered) {
    ChannelSnapshot out = current;
    for (ApiKind kind : ApiKind.values()) {
      List<Channel> list = new ArrayList<>(current.channels(kind));
      boolean changed = false;
      for (int i = 0; i < list.size(); i++) {
        Channel c = list.get(i);
        Optional<Channel> other = reordered.find(kind, c.id());
        if (other.isEmpty()) continue;
        List<String> order = other.get().apiKeys();
        if (order.equals(c.apiKeys()) || order.size() != c.apiKeys().size()
            || !new HashSet<>(order).equals(new HashSet<>(c.apiKeys()))) {
          continue;
        }
        list.set(i, c.toBuilder().apiKeys(order).build());
        changed = true;
      }
      if (changed) out = out.withChannels(kind, list);
    }
    return out;
  }
}
