package dev.llmrouter.server.metrics;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import java.util.List;

/** Channels as the dashboard shows them: the original's list fields, with every key masked. */
final class ChannelViews {
  private ChannelViews() {}

  /**
   * Finds a channel by stable id, or by list position when the id is purely numeric.
   *
   * @return the channel's index, or -1
   */
  static int indexOf(List<Channel> channels, String id) {
    if (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
      try {
        int i = Integer.parseInt(id);
        return i < channels.size() ? i : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    for (int i = 0; i < channels.size(); i++) {
      if (channels.get(i).id().equals(id)) return i;
    }
    return -1;
  }

  /** One channel with its keys masked and fingerprinted, never whole. */
  static JsonObject view(ApiKind kind, Channel c, int index) {
    JsonObject o = new JsonObject()
        .put("index", index)
        .put("id", c.id())
        .put("name", c.name())
        .put("serviceType", c.serviceType())
        .put("baseUrl", c.baseUrl())
        .put("baseUrls", c.baseUrls().isEmpty() ? JsonNull.INSTANCE : strings(c.baseUrls()));
    JsonArray masks = new JsonArray();
    JsonArray fingerprints = new JsonArray();
    for (String key : c.apiKeys()) {
      masks.add(Keys.mask(key));
      fingerprints.add(Keys.fingerprint(key));
    }
    o.put("apiKeys", masks)
        .put("keyFingerprints", fingerprints)
        .put("description", c.description() == null ? "" : c.description())
        .put("website", c.website() == null ? "" : c.website())
        .put("insecureSkipVerify", c.insecureSkipVerify());
    if (c.modelMapping().isEmpty()) {
      o.put("modelMapping", JsonNull.INSTANCE);
    } else {
      JsonObject mapping = new JsonObject();
      c.modelMapping().forEach(mapping::put);
      o.put("modelMapping", mapping);
    }
    o.put("status", c.status().wire())
        .put("priority", c.priority() == 0 ? index : c.priority())
        .put("promotionUntil", c.promotionUntil() == null ? JsonNull.INSTANCE : new JsonString(c.promotionUntil().toString()))
        .put("lowQuality", c.lowQuality());
    if (c.weight() != null) o.put("weight", c.weight().longValue());
    if (kind == ApiKind.GEMINI) {
      o.put("injectDummyThoughtSignature", c.injectDummyThoughtSignature());
      o.put("stripThoughtSignature", c.stripThoughtSignature());
    }
    return o;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    for (String v : values) a.add(v);
    return a;
  }
}
