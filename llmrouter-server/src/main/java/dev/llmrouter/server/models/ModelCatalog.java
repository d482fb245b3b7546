package dev.llmrouter.server.models;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.providers.ModelLister;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The models clients may ask for through llmrouter: for each channel of the given kinds (in list
 * order, disabled ones left out), the models its upstream lists and then the names of its model
 * mapping; de-duplicated by id, the first occurrence winning. Thread-safe.
 */
public final class ModelCatalog {
  private final ModelLister lister;
  private final Supplier<ChannelSnapshot> snapshot;

  public ModelCatalog(ModelLister lister, Supplier<ChannelSnapshot> snapshot) {
    this.lister = Objects.requireNonNull(lister, "lister");
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
  }

  /** The merged list for the kinds, in order. Blocks at most the lister's timeout. */
  public List<ModelLister.Model> models(List<ApiKind> kinds) {
    ChannelSnapshot snap = snapshot.get();
    List<Channel> channels = new ArrayList<>();
    for (ApiKind kind : kinds) {
      for (Channel c : snap.channels(kind)) {
        if (c.status() != ChannelStatus.DISABLED) channels.add(c);
      }
    }
    Map<String, List<ModelLister.Model>> upstream = lister.list(channels);
    Map<String, ModelLister.Model> merged = new LinkedHashMap<>();
    for (Channel c : channels) {
      for (ModelLister.Model m : upstream.getOrDefault(c.id(), List.of())) {
        merged.putIfAbsent(m.id(), m.ownedBy() != null ? m
            : new ModelLister.Model(m.id(), m.displayName(), m.created(), owner(c), m.raw()));
      }
      for (String alias : c.modelMapping().keySet()) {
        if (!alias.isEmpty()) merged.putIfAbsent(alias, new ModelLister.Model(alias, alias, null, owner(c), null));
      }
    }
    return List.copyOf(merged.values());
  }

  private static String owner(Channel c) {
    Protocol p = c.protocol();
    if (p == Protocol.CLAUDE) return "anthropic";
    if (p == Protocol.GEMINI) return "google";
    return "openai";
  }
}
