package dev.llmrouter.api;

import dev.llmrouter.api.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of every channel list and the routing settings stored with them. Admin edits
 * and reloads build a new snapshot and swap it in; requests keep the snapshot they started with.
 */
public final class ChannelSnapshot {
  private static final ChannelSnapshot EMPTY = builder().build();

  private final Map<ApiKind, List<Channel>> channels;
  private final boolean fuzzyModeEnabled;
  private final JsonObject extra;

  private ChannelSnapshot(Builder b) {
    EnumMap<ApiKind, List<Channel>> map = new EnumMap<>(ApiKind.class);
    for (ApiKind kind : ApiKind.values()) {
      List<Channel> list = List.copyOf(b.channels.getOrDefault(kind, List.of()));
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (Channel c : list) {
        if (!ids.add(c.id())) throw new IllegalArgumentException(kind.configList() + ": duplicate channel id " + c.id());
      }
      map.put(kind, list);
    }
    this.channels = map;
    this.fuzzyModeEnabled = b.fuzzyModeEnabled;
    this.extra = b.extra == null ? new JsonObject() : b.extra.copy();
  }

  public static ChannelSnapshot empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    channels.forEach((k, v) -> b.channels.put(k, new ArrayList<>(v)));
    b.fuzzyModeEnabled = fuzzyModeEnabled;
    b.extra = extra.copy();
    return b;
  }

  /** The channels of a kind, in list order. */
  public List<Channel> channels(ApiKind kind) {
    return channels.get(kind);
  }

  /** Finds a channel by id. */
  public Optional<Channel> find(ApiKind kind, String id) {
    for (Channel c : channels.get(kind)) {
      if (c.id().equals(id)) return Optional.of(c);
    }
    return Optional.empty();
  }

  /** When true, every non-2xx upstream answer fails over (for relays that disguise quota errors). */
  public boolean fuzzyModeEnabled() {
    return fuzzyModeEnabled;
  }

  /** Top-level members of the config file that llmrouter does not interpret; kept for writing back. */
  public JsonObject extra() {
    return extra.copy();
  }

  /** Returns a snapshot with one kind's list replaced. */
  public ChannelSnapshot withChannels(ApiKind kind, List<Channel> list) {
    Builder b = toBuilder();
    b.channels.put(kind, new ArrayList<>(list));
    return b.build();
  }

  /** Builds a {@link ChannelSnapshot}. Not thread-safe. */
  public static final class Builder {
    private final EnumMap<ApiKind, List<Channel>> channels = new EnumMap<>(ApiKind.class);
    private boolean fuzzyModeEnabled;
    private JsonObject extra;

    private Builder() {}

    public Builder channels(ApiKind kind, List<Channel> list) {
      channels.put(kind, new ArrayList<>(list));
      return this;
    }

    public Builder add(ApiKind kind, Channel channel) {
      channels.computeIfAbsent(kind, k -> new ArrayList<>()).add(channel);
      return this;
    }

    public Builder fuzzyModeEnabled(boolean enabled) {
      this.fuzzyModeEnabled = enabled;
      return this;
    }

    public Builder extra(JsonObject extra) {
      this.extra = extra;
      return this;
    }

    /** @throws IllegalArgumentException when two channels of one kind share an id */
    public ChannelSnapshot build() {
      return new ChannelSnapshot(this);
    }
  }
}
