package dev.llmrouter.server.admin;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import java.util.List;

/**
 * The admin API's view of channels. Keys appear only masked ({@link Keys#mask}) with their stable
 * fingerprint ({@link Keys#fingerprint}), which admin routes accept wherever a key is named.
 * Stateless.
 */
final class ChannelViews {
  private ChannelViews() {}

  /** One channel at its position in its list. */
  static JsonObject channel(Channel c, int index) {
    JsonObject o = new JsonObject()
        .put("id", c.id())
        .put("index", index)
        .put("name", c.name())
        .put("serviceType", c.serviceType())
        .put("baseUrl", c.baseUrl())
        .put("baseUrls", strings(c.baseUrls()))
        .put("apiKeys", keys(c.apiKeys()))
        .put("historicalApiKeys", keys(c.historicalApiKeys()))
        .put("description", c.description() == null ? "" : c.description())
        .put("website", c.website() == null ? "" : c.website())
        .put("insecureSkipVerify", c.insecureSkipVerify());
    JsonObject mapping = new JsonObject();
    c.modelMapping().forEach(mapping::put);
    o.put("modelMapping", mapping)
        .put("status", c.status().wire())
        .put("priority", c.priority())
        .put("weight", c.weight() == null ? JsonNull.INSTANCE : JsonNumber.of(c.weight()))
        .put("promotionUntil", c.promotionUntil() == null ? JsonNull.INSTANCE
            : new JsonString(ConfigCodec.formatTime(c.promotionUntil())))
        .put("lowQuality", c.lowQuality())
        .put("injectDummyThoughtSignature", c.injectDummyThoughtSignature())
        .put("stripThoughtSignature", c.stripThoughtSignature())
        .put("customTools", c.customTools());
    return o;
  }

  /** {@code {"channel": ...}} for the channel with this id. */
  static JsonObject wrapped(ChannelSnapshot snap, ApiKind kind, String id) {
    List<Channel> list = snap.channels(kind);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id().equals(id)) return JsonObject.of("channel", channel(list.get(i), i));
    }
    throw AdminException.notFound("id", "no " + kind.pathName() + " channel with id " + id);
  }

  /** Every channel of a kind, in list order. */
  static JsonArray all(ChannelSnapshot snap, ApiKind kind) {
    JsonArray a = new JsonArray();
    List<Channel> list = snap.channels(kind);
    for (int i = 0; i < list.size(); i++) a.add(channel(list.get(i), i));
    return a;
  }

  /** A key as {@code {"masked":"sk-ant-a…9z1x","fingerprint":"0a1b2c3d4e5f"}}. */
  static JsonObject key(String key) {
    return new JsonObject().put("masked", Keys.mask(key)).put("fingerprint", Keys.fingerprint(key));
  }

  private static JsonArray keys(List<String> keys) {
    JsonArray a = new JsonArray();
    for (String k : keys) a.add(key(k));
    return a;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    for (String s : values) a.add(s);
    return a;
  }
}
