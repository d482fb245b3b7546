package dev.llmrouter.server.admin;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.config.ConfigException;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin edits as pure functions from one snapshot to the next. Every edit validates the whole
 * result before returning it, so a refused edit ({@link AdminException}) changes nothing. Channels are
 * named by id, or by list position when the reference is purely numeric (ids never are). Keys are
 * named by value or by fingerprint. Thread-safe.
 */
final class ChannelEdits {
  /** Members of the list view that are not channel fields; ignored when a view is sent back. */
  private static final Set<String> VIEW_ONLY = Set.of("index", "latency");
  /** Ids an admin may choose: short, printable, safe in paths and logs. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  /** Ten years: longer promotions are surely mistakes. */
  private static final long MAX_PROMOTION_SECONDS = 10L * 365 * 24 * 3600;

  private final ConfigCodec codec;
  private final Clock clock;

  ChannelEdits(ConfigCodec codec, Clock clock) {
    this.codec = codec;
    this.clock = clock;
  }

  /**
   * The result of an edit.
   *
   * @param next the new snapshot, the same instance when nothing changed
   * @param id the id of the channel edited
   * @param keySwapped true when a one-key channel got a different single key (its runtime state is stale)
   * @param key the key an edit of one key touched, for its fingerprint in the log; never rendered
   */
  record Edit(ChannelSnapshot next, String id, boolean keySwapped, String key) {
    Edit(ChannelSnapshot next, String id) {
      this(next, id, false, null);
    }

    Edit(ChannelSnapshot next, String id, String key) {
      this(next, id, false, key);
    }

    @Override
    public String toString() {
      return "Edit{id=" + id + ", keySwapped=" + keySwapped + "}";
    }
  }

  /** The list position of a channel reference. @throws AdminException 404 when there is none */
  static int position(ChannelSnapshot snap, ApiKind kind, String ref) {
    List<Channel> list = snap.channels(kind);
    if (!Channel.isValidId(ref) && !ref.isEmpty()) {
      if (ref.length() < 10) {
        int i = Integer.parseInt(ref);
        if (i < list.size()) return i;
      }
      throw AdminException.notFound("id", "no " + kind.pathName() + " channel at position " + ref + " (there are "
          + list.size() + ")");
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id().equals(ref)) return i;
    }
    throw AdminException.notFound("id", "no " + kind.pathName() + " channel with id " + ref);
  }

  /** Adds a channel at the end of its list; the body is a channel object as in the file. */
  Edit create(ChannelSnapshot snap, ApiKind kind, JsonObject body) {
    JsonObject o = body.copy();
    for (String f : VIEW_ONLY) o.remove(f);
    lowerStatus(o);
    String id = o.getString("id");
    if (id != null && !id.isEmpty()) {
      if (!Channel.isValidId(id)) throw AdminException.badRequest("id", "must not be purely numeric: " + id);
      if (!ID.matcher(id).matches()) {
        throw AdminException.badRequest("id", "use 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
      }
      if (snap.find(kind, id).isPresent()) {
        throw AdminException.badRequest("id", "another " + kind.pathName() + " channel already has the id " + id);
      }
    }
    Channel c = suspendIfKeyless(parse(o));
    List<Channel> list = new ArrayList<>(snap.channels(kind));
    list.add(c);
    return new Edit(snap.withChannels(kind, exclusivePromotion(list, list.size() - 1)), c.id());
  }

  /**
   * Changes the fields the body names: an absent field is unchanged and an explicit null clears it.
   * {@code baseUrl} without {@code baseUrls} clears {@code baseUrls}; {@code apiKeys} replaces the
   * keys (a fingerprint names a key the channel has), and keys that drop out are kept in
   * {@code historicalApiKeys}.
   */
  Edit update(ChannelSnapshot snap, ApiKind kind, String ref, JsonObject patch) {
    int i = position(snap, kind, ref);
    Channel old = snap.channels(kind).get(i);
    JsonValue idValue = patch.get("id");
    if (idValue != null && !(idValue instanceof JsonString s && s.value().equals(old.id()))) {
      throw AdminException.badRequest("id", "a channel's id cannot be changed");
    }
    JsonObject o = ConfigCodec.channelJson(old);
    for (Map.Entry<String, JsonValue> e : patch.members().entrySet()) {
      String field = e.getKey();
      if (field.equals("id") || VIEW_ONLY.contains(field)) continue;
      if (e.getValue().isNull()) {
        o.remove(field);
      } else {
        o.put(field, e.getValue().copy());
      }
    }
    if (patch.has("baseUrl") && !patch.has("baseUrls")) o.remove("baseUrls");
    if (patch.get("apiKeys") instanceof JsonArray keys) o.put("apiKeys", resolveKeys(keys, old));
    lowerStatus(o);
    Channel c = parse(o);
    if (patch.has("apiKeys")) {
      List<String> historical = new ArrayList<>(c.historicalApiKeys());
      for (String k : old.apiKeys()) {
        if (!c.apiKeys().contains(k) && !historical.contains(k)) historical.add(k);
      }
      historical.removeAll(c.apiKeys());
      c = c.toBuilder().historicalApiKeys(historical).build();
    }
    boolean swapped = old.apiKeys().size() == 1 && c.apiKeys().size() == 1 && !old.apiKeys().equals(c.apiKeys());
    if (swapped && c.status() == ChannelStatus.SUSPENDED && !patch.has("status")) {
      c = c.toBuilder().status(ChannelStatus.ACTIVE).build();
    }
    c = suspendIfKeyless(c);
    if (c.equals(old)) return new Edit(snap, old.id());
    List<Channel> list = new ArrayList<>(snap.channels(kind));
    list.set(i, c);
    if (!Objects.equals(c.promotionUntil(), old.promotionUntil())) list = exclusivePromotion(list, i);
    return new Edit(snap.withChannels(kind, list), c.id(), swapped, null);
  }

  /** Removes a channel. */
  Edit delete(ChannelSnapshot snap, ApiKind kind, String ref) {
    int i = position(snap, kind, ref);
    List<Channel> list = new ArrayList<>(snap.channels(kind));
    Channel removed = list.remove(i);
    return new Edit(snap.withChannels(kind, list), removed.id());
  }

  /** Appends a key ({@code {"apiKey": "..."}}); a key that comes back leaves {@code historicalApiKeys}. */
  Edit addKey(ChannelSnapshot snap, ApiKind kind, String ref, JsonObject body) {
    int i = position(snap, kind, ref);
    Channel old = snap.channels(kind).get(i);
    String key = body.getString("apiKey");
    if (key == null) throw AdminException.badRequest("apiKey", "expected the key as a string");
    if (key.isEmpty()) throw AdminException.badRequest("apiKey", "must not be empty");
    for (int j = 0; j < key.length(); j++) {
      if (key.charAt(j) <= ' ') throw AdminException.badRequest("apiKey", "must not contain spaces or control characters");
    }
    if (old.apiKeys().contains(key)) {
      throw AdminException.badRequest("apiKey", "the channel already has the key " + Keys.mask(key));
    }
    List<String> keys = new ArrayList<>(old.apiKeys());
    keys.add(key);
    List<String> historical = new ArrayList<>(old.historicalApiKeys());
    historical.remove(key);
    Channel c = old.toBuilder().apiKeys(keys).historicalApiKeys(historical).build();
    return new Edit(replace(snap, kind, i, c), c.id(), key);
  }

  /** Removes a key, keeping it in {@code historicalApiKeys}; a channel left without keys is suspended. */
  Edit removeKey(ChannelSnapshot snap, ApiKind kind, String ref, String keyRef) {
    int i = position(snap, kind, ref);
    Channel old = snap.channels(kind).get(i);
    int k = keyIndex(old, keyRef);
    List<String> keys = new ArrayList<>(old.apiKeys());
    String removed = keys.remove(k);
    List<String> historical = new ArrayList<>(old.historicalApiKeys());
    if (!historical.contains(removed)) historical.add(removed);
    Channel c = suspendIfKeyless(old.toBuilder().apiKeys(keys).historicalApiKeys(historical).build());
    return new Edit(replace(snap, kind, i, c), c.id(), removed);
  }

  /** Moves a key first ({@code top}) or last. */
  Edit moveKey(ChannelSnapshot snap, ApiKind kind, String ref, String keyRef, boolean top) {
    int i = position(snap, kind, ref);
    Channel old = snap.channels(kind).get(i);
    int k = keyIndex(old, keyRef);
    List<String> keys = new ArrayList<>(old.apiKeys());
    String key = keys.remove(k);
    keys.add(top ? 0 : keys.size(), key);
    if (keys.equals(old.apiKeys())) return new Edit(snap, old.id(), key);
    return new Edit(replace(snap, kind, i, old.toBuilder().apiKeys(keys).build()), old.id(), key);
  }

  /**
   * Gives the listed channels ({@code {"order": [id or position, ...]}}) priorities 1, 2, 3, ... in
   * that order; channels not listed keep theirs. The list order itself is unchanged.
   */
  ChannelSnapshot reorder(ChannelSnapshot snap, ApiKind kind, JsonObject body) {
    JsonArray order = body.getArray("order");
    if (order == null) throw AdminException.badRequest("order", "expected an array of channel ids");
    if (order.isEmpty()) throw AdminException.badRequest("order", "must name at least one channel");
    List<Channel> list = new ArrayList<>(snap.channels(kind));
    Set<Integer> seen = new HashSet<>();
    for (int n = 0; n < order.size(); n++) {
      String field = "order[" + n + "]";
      JsonValue v = order.get(n);
      String ref;
      if (v instanceof JsonString s) {
        ref = s.value();
      } else if (v instanceof JsonNumber num && num.text().matches("\\d{1,9}")) {
        ref = num.text();
      } else {
        throw AdminException.badRequest(field, "expected a channel id or position");
      }
      int i;
      try {
        i = position(snap, kind, ref);
      } catch (AdminException e) {
        throw AdminException.badRequest(field, e.getMessage());
      }
      if (!seen.add(i)) throw AdminException.badRequest(field, "channel " + list.get(i).id() + " is listed twice");
      list.set(i, list.get(i).toBuilder().priority(n + 1).build());
    }
    return snap.withChannels(kind, list);
  }

  /** Sets {@code active}, {@code suspended} or {@code disabled} (any case); suspending ends a promotion. */
  Edit setStatus(ChannelSnapshot snap, ApiKind kind, String ref, JsonObject body) {
    int i = position(snap, kind, ref);
    Channel old = snap.channels(kind).get(i);
    String value = body.getString("status");
    if (value == null || value.isEmpty()) {
      throw AdminException.badRequest("status", "expected one of active, suspended, disabled");
    }
    ChannelStatus status;
    try {
      status = ChannelStatus.parse(value.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest("status", e.getMessage());
    }
    if (status == ChannelStatus.ACTIVE && old.apiKeys().isEmpty()) {
      throw AdminException.badRequest("status", "a channel without keys cannot be active; add a key first");
    }
    Channel.Builder b = old.toBuilder().status(status);
    if (status == ChannelStatus.SUSPENDED) b.promotionUntil(null);
    Channel c = b.build();
    if (c.equals(old)) return new Edit(snap, old.id());
    return new Edit(replace(snap, kind, i, c), c.id());
  }

  /**
   * Promotes a channel for {@code {"duration": seconds}}: it is tried first until then, and every other
   * channel of its kind loses its promotion. A duration of 0 ends this channel's promotion.
   */
  Edit promote(ChannelSnapshot snap, ApiKind kind, String ref, JsonObject body) {
    int i = position(snap, kind, ref);
    JsonNumber n = body.getNumber("duration");
    if (n == null || !n.text().matches("\\d{1,12}")) {
      throw AdminException.badRequest("duration", "expected a whole number of seconds, 0 or more");
    }
    long seconds = Long.parseLong(n.text());
    if (seconds > MAX_PROMOTION_SECONDS) {
      throw AdminException.badRequest("duration", "must be at most " + MAX_PROMOTION_SECONDS + " seconds");
    }
    List<Channel> list = new ArrayList<>(snap.channels(kind));
    if (seconds == 0) {
      list.set(i, list.get(i).toBuilder().promotionUntil(null).build());
    } else {
      Instant until = clock.instant().plus(Duration.ofSeconds(seconds));
      for (int j = 0; j < list.size(); j++) {
        Channel c = list.get(j);
        if (j == i) {
          list.set(j, c.toBuilder().promotionUntil(until).build());
        } else if (c.promotionUntil() != null) {
          list.set(j, c.toBuilder().promotionUntil(null).build());
        }
      }
    }
    if (list.equals(snap.channels(kind))) return new Edit(snap, list.get(i).id());
    return new Edit(snap.withChannels(kind, list), list.get(i).id());
  }

  /** Sets fuzzy mode ({@code {"enabled": true|false}}). */
  static ChannelSnapshot fuzzyMode(ChannelSnapshot snap, JsonObject body) {
    Boolean enabled = body.getBoolean("enabled");
    if (enabled == null) throw AdminException.badRequest("enabled", "expected true or false");
    if (enabled == snap.fuzzyModeEnabled()) return snap;
    return snap.toBuilder().fuzzyModeEnabled(enabled).build();
  }

  /** When the channel at {@code i} is promoted now, every other channel of the list loses its promotion. */
  private List<Channel> exclusivePromotion(List<Channel> list, int i) {
    if (!list.get(i).isPromoted(clock.instant())) return list;
    List<Channel> out = new ArrayList<>(list);
    for (int j = 0; j < out.size(); j++) {
      if (j != i && out.get(j).promotionUntil() != null) out.set(j, out.get(j).toBuilder().promotionUntil(null).build());
    }
    return out;
  }

  private Channel parse(JsonObject o) {
    try {
      return codec.readChannel("", o);
    } catch (ConfigException e) {
      throw AdminException.badRequest(e.field(), e.reason());
    }
  }

  /** A channel that may take traffic needs a key; without one it is suspended, as on load. */
  private static Channel suspendIfKeyless(Channel c) {
    return c.isActive() && c.apiKeys().isEmpty() ? c.toBuilder().status(ChannelStatus.SUSPENDED).build() : c;
  }

  private static void lowerStatus(JsonObject o) {
    String status = o.getString("status");
    if (status != null) o.put("status", status.toLowerCase(Locale.ROOT));
  }

  /** Replaces fingerprints (strings or {@code {"fingerprint": ...}} objects) by the keys they name. */
  private static JsonArray resolveKeys(JsonArray given, Channel old) {
    JsonArray out = new JsonArray();
    for (int n = 0; n < given.size(); n++) {
      JsonValue v = given.get(n);
      if (v instanceof JsonObject obj) {
        String fingerprint = obj.getString("fingerprint");
        String known = fingerprint == null ? null : byFingerprint(old, fingerprint);
        if (known == null) {
          throw AdminException.badRequest("apiKeys[" + n + "]", "expected a key, or the fingerprint of one of the channel's keys");
        }
        out.add(new JsonString(known));
      } else if (v instanceof JsonString str && !old.apiKeys().contains(str.value())) {
        String known = byFingerprint(old, str.value());
        out.add(known != null ? new JsonString(known) : str);
      } else {
        out.add(v.copy());
      }
    }
    return out;
  }

  private static String byFingerprint(Channel c, String fingerprint) {
    for (String k : c.apiKeys()) if (Keys.fingerprint(k).equals(fingerprint)) return k;
    for (String k : c.historicalApiKeys()) if (Keys.fingerprint(k).equals(fingerprint)) return k;
    return null;
  }

  private static int keyIndex(Channel c, String keyRef) {
    int exact = c.apiKeys().indexOf(keyRef);
    if (exact >= 0) return exact;
    for (int k = 0; k < c.apiKeys().size(); k++) {
      if (Keys.fingerprint(c.apiKeys().get(k)).equals(keyRef)) return k;
    }
    throw AdminException.notFound("key", "channel " + c.id() + " has no such key");
  }

  private static ChannelSnapshot replace(ChannelSnapshot snap, ApiKind kind, int i, Channel c) {
    List<Channel> list = new ArrayList<>(snap.channels(kind));
    list.set(i, c);
    return snap.withChannels(kind, list);
  }
}
