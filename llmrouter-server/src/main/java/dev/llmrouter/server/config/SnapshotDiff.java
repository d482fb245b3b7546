package dev.llmrouter.server.config;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two channel snapshots, for log lines: channels added, removed and changed
 * per kind (by their stable id, named by their display name), and for a changed channel the names
 * of its fields in the channel file that differ. Never shows a value, so keys stay out. Stateless.
 */
public final class SnapshotDiff {
  private SnapshotDiff() {}

  /** One line: {@code messages: added [a], removed [b], changed [c (baseUrl, apiKeys)]; ...}, or "no channel changed". */
  public static String summary(ChannelSnapshot before, ChannelSnapshot after) {
    StringBuilder sb = new StringBuilder();
    for (ApiKind kind : ApiKind.values()) {
      Map<String, Channel> old = byId(before.channels(kind));
      Map<String, Channel> now = byId(after.channels(kind));
      List<String> added = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      List<String> changed = new ArrayList<>();
      for (Channel c : now.values()) {
        Channel o = old.get(c.id());
        if (o == null) {
          added.add(c.displayName());
        } else {
          Set<String> fields = changedFields(o, c);
          if (!fields.isEmpty()) changed.add(c.displayName() + " (" + String.join(", ", fields) + ")");
        }
      }
      for (Channel o : old.values()) {
        if (!now.containsKey(o.id())) removed.add(o.displayName());
      }
      boolean reordered = added.isEmpty() && removed.isEmpty() && !new ArrayList<>(old.keySet()).equals(
          new ArrayList<>(now.keySet()));
      if (added.isEmpty() && removed.isEmpty() && changed.isEmpty() && !reordered) continue;
      if (sb.length() > 0) sb.append("; ");
      sb.append(kind.pathName()).append(": added ").append(added).append(", removed ").append(removed)
          .append(", changed ").append(changed);
      if (reordered) sb.append(", reordered");
    }
    if (before.fuzzyModeEnabled() != after.fuzzyModeEnabled()) {
      if (sb.length() > 0) sb.append("; ");
      sb.append("fuzzyModeEnabled=").append(after.fuzzyModeEnabled());
    }
    return sb.length() == 0 ? "no channel changed" : sb.toString();
  }

  /** The channel-file names of the fields that differ between two versions of a channel. */
  public static Set<String> changedFields(Channel before, Channel after) {
    JsonObject a = ConfigCodec.channelJson(before);
    JsonObject b = ConfigCodec.channelJson(after);
    Set<String> names = new LinkedHashSet<>(a.names());
    names.addAll(b.names());
    Set<String> changed = new LinkedHashSet<>();
    for (String n : names) {
      if (!Objects.equals(a.get(n), b.get(n))) changed.add(n);
    }
    return changed;
  }

  private static Map<String, Channel> byId(List<Channel> channels) {
    Map<String, Channel> m = new LinkedHashMap<>();
    for (Channel c : channels) m.put(c.id(), c);
    return m;
  }
}
