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
 * This class is thread-safe.
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

  /** {@return the snapshot without channels} */
  public static ChannelSnapshot empty() {
    return EMPTY;
  }

  /** {@return a new empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding a copy of this snapshot's lists and settings} */
  public Builder toBuilder() {
    Builder b = new Builder();
    channels.forEach((k, v) -> b.channels.put(k, new ArrayList<>(v)));
    b.fuzzyModeEnabled = fuzzyModeEnabled;
    b.extra = extra.copy();
    return b;
  }

  /**
   * Returns the channels of a kind.
   *
   * @param kind the API kind
   * @return the channels in list order (unmodifiable, possibly empty)
   */
  public List<Channel> channels(ApiKind kind) {
    return channels.get(kind);
  }

  /**
   * Finds a channel by id.
   *
   * @param kind the API kind whose list is searched
   * @param id the channel id
   * @return the channel, or empty when the list has no channel with that id
   */
  public Optional<Channel> find(ApiKind kind, String id) {
    for (Channel c : channels.get(kind)) {
      if (c.id().equals(id)) return Optional.of(c);
    }
    return Optional.empty();
  }

  /**
   * {@return true when every non-2xx upstream answer fails over (for relays that disguise quota
   * errors)}
   */
  public boolean fuzzyModeEnabled() {
    return fuzzyModeEnabled;
  }

  /**
   * Top-level members of the config file that llmrouter does not interpret; kept for writing back.
   *
   * @return a copy, so changing it never changes this snapshot
   */
  public JsonObject extra() {
    return extra.copy();
  }

  /**
   * Returns a snapshot with one kind's list replaced; this snapshot is unchanged.
   *
   * @param kind the API kind
   * @param list the new channels, copied
   * @return the new snapshot
   * @throws IllegalArgumentException when two channels in {@code list} share an id
   */
  public ChannelSnapshot withChannels(ApiKind kind, List<Channel> list) {
    Builder b = toBuilder();
    b.channels.put(kind, new ArrayList<>(list));
    return b.build();
  }

  /** Builds a {@link ChannelSnapshot}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final EnumMap<ApiKind, List<Channel>> channels = new EnumMap<>(ApiKind.class);
    private boolean fuzzyModeEnabled;
    private JsonObject extra;

    private Builder() {}

    /**
     * Sets one kind's channels, replacing any earlier ones.
     *
     * @param kind the API kind
     * @param list the channels in order, copied
     * @return this builder
     */
    public Builder channels(ApiKind kind, List<Channel> list) {
      channels.put(kind, new ArrayList<>(list));
      return this;
    }

    /**
     * Appends a channel to one kind's list.
     *
     * @param kind the API kind
     * @param channel the channel
     * @return this builder
     */
    public Builder add(ApiKind kind, Channel channel) {
      channels.computeIfAbsent(kind, k -> new ArrayList<>()).add(channel);
      return this;
    }

    /**
     * Sets fuzzy mode: every non-2xx upstream answer fails over.
     *
     * @param enabled the flag
     * @return this builder
     */
    public Builder fuzzyModeEnabled(boolean enabled) {
      this.fuzzyModeEnabled = enabled;
      return this;
    }

    /**
     * Sets the top-level config members llmrouter does not interpret.
     *
     * @param extra the members, copied on {@link #build()}; null means none
     * @return this builder
     */
    public Builder extra(JsonObject extra) {
      this.extra = extra;
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @return the snapshot
     * @throws IllegalArgumentException when two channels of one kind share an id
     */
    public ChannelSnapshot build() {
      return new ChannelSnapshot(this);
    }
  }
}
