package dev.llmrouter.api.config;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonBoolean;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads and writes the channel file ({@code config.json}) in the original's format: the lists
 * {@code upstream}, {@code responsesUpstream} and {@code geminiUpstream}, plus {@code fuzzyModeEnabled}.
 * Unknown members are kept and written back. Channels without an {@code id} get a new stable one.
 *
 * <p>This class is thread-safe.
 */
public final class ConfigCodec {
  private static final Set<String> CHANNEL_FIELDS = Set.of(
      "id", "name", "description", "website", "serviceType", "baseUrl", "baseUrls", "apiKeys",
      "historicalApiKeys", "modelMapping", "priority", "weight", "status", "promotionUntil", "lowQuality",
      "insecureSkipVerify", "injectDummyThoughtSignature", "stripThoughtSignature", "customTools");
  private static final Set<String> TOP_FIELDS = Set.of(
      "upstream", "responsesUpstream", "geminiUpstream", "fuzzyModeEnabled", "currentUpstream",
      "currentResponsesUpstream");

  private final Supplier<String> idGenerator;

  /** Creates a codec that names new channels with random ids from a {@link SecureRandom}. */
  public ConfigCodec() {
    this(randomIds(new SecureRandom()));
  }

  /**
   * Creates a codec with its own id generator (tests use a deterministic one).
   *
   * @param idGenerator supplies a new, unique, not purely numeric id per call; must be thread-safe
   *     when the codec is shared
   */
  public ConfigCodec(Supplier<String> idGenerator) {
    this.idGenerator = idGenerator;
  }

  /**
   * Returns a supplier of ids such as {@code ch-k3v9q2m7xa}: {@code ch-} and ten characters from an
   * alphabet without look-alikes.
   *
   * @param random the source of randomness; the supplier is as thread-safe as it is
   * @return the id supplier
   */
  public static Supplier<String> randomIds(java.util.random.RandomGenerator random) {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    return () -> {
      StringBuilder sb = new StringBuilder("ch-");
      for (int i = 0; i < 10; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      return sb.toString();
    };
  }

  /** {@return a new channel id from this codec's generator} */
  public String newId() {
    return idGenerator.get();
  }

  /**
   * The outcome of reading a file. Immutable.
   *
   * @param snapshot the channels, validated and migrated
   * @param changed true when ids were added or legacy fields migrated, so the file should be rewritten
   * @param notes what was migrated, one line each, for the log
   */
  public record Loaded(ChannelSnapshot snapshot, boolean changed, List<String> notes) {}

  /**
   * Parses, migrates and validates a channel file.
   *
   * @param bytes the file's bytes, UTF-8 JSON
   * @return the snapshot, whether the file should be rewritten, and what was migrated
   * @throws ConfigException naming the field (or line and column for a syntax error) and the reason
   */
  public Loaded read(byte[] bytes) {
    try {
      RoutingFields.validate(bytes);
    } catch (MalformedJsonException e) {
      throw new ConfigException("$", e.getMessage(), e);
    }
    JsonValue root = Json.parse(bytes);
    if (!(root instanceof JsonObject top)) throw new ConfigException("$", "expected a JSON object");
    List<String> notes = new ArrayList<>();
    boolean[] changed = {false};
    ChannelSnapshot.Builder b = ChannelSnapshot.builder();
    for (ApiKind kind : ApiKind.values()) {
      JsonValue listValue = top.get(kind.configList());
      List<Channel> channels = new ArrayList<>();
      if (listValue != null && !listValue.isNull()) {
        JsonArray array = listValue.asArray();
        if (array == null) throw new ConfigException(kind.configList(), "expected an array");
        boolean anyStatus = false;
        for (JsonValue v : array) {
          if (v instanceof JsonObject o && o.getString("status") != null && !o.getString("status").isEmpty()) {
            anyStatus = true;
          }
        }
        Integer legacyCurrent = null;
        if (!anyStatus && !array.isEmpty() && kind != ApiKind.GEMINI) {
          String legacy = kind == ApiKind.MESSAGES ? "currentUpstream" : "currentResponsesUpstream";
          long current = top.getLong(legacy, 0);
          legacyCurrent = current >= 0 && current < array.size() ? (int) current : 0;
          notes.add(kind.configList() + ": no channel has a status; channel " + legacyCurrent
              + " made active and the others disabled (from " + legacy + ")");
          changed[0] = true;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
          String path = kind.configList() + "[" + i + "]";
          JsonObject o = array.get(i).asObject();
          if (o == null) throw new ConfigException(path, "expected an object");
          Channel c = readChannel(path, o, changed, notes);
          if (legacyCurrent != null) {
            c = c.toBuilder().status(i == legacyCurrent ? ChannelStatus.ACTIVE : ChannelStatus.DISABLED).build();
          }
          if (c.isActive() && c.apiKeys().isEmpty()) {
            c = c.toBuilder().status(ChannelStatus.SUSPENDED).build();
            notes.add(path + ": active channel without keys made suspended");
            changed[0] = true;
          }
          if (!ids.add(c.id())) throw new ConfigException(at(path, "id"), "duplicate channel id " + c.id());
          channels.add(c);
        }
      }
      b.channels(kind, channels);
    }
    JsonValue fuzzy = top.get("fuzzyModeEnabled");
    if (fuzzy != null && !(fuzzy instanceof JsonBoolean)) {
      throw new ConfigException("fuzzyModeEnabled", "expected true or false");
    }
    b.fuzzyModeEnabled(fuzzy instanceof JsonBoolean fb && fb.value());
    JsonObject extra = new JsonObject();
    top.members().forEach((k, v) -> {
      if (!TOP_FIELDS.contains(k)) extra.put(k, v);
    });
    if (top.has("currentUpstream") || top.has("currentResponsesUpstream")) changed[0] = true;
    b.extra(extra);
    return new Loaded(b.build(), changed[0], List.copyOf(notes));
  }

  /**
   * Parses and validates one channel object as it appears in the file (keys in clear), giving it a
   * new id when it has none. Admin writes use this so that they are checked exactly as the file is.
   *
   * @param path prefixed to the field names in errors ({@code upstream[2]}), or empty for bare names
   * @param o the channel object; not modified
   * @return the channel
   * @throws ConfigException naming the offending field, such as {@code baseUrls[1]}
   */
  public Channel readChannel(String path, JsonObject o) {
    return readChannel(path, o, new boolean[1], new ArrayList<>());
  }

  private static String at(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private Channel readChannel(String path, JsonObject o, boolean[] changed, List<String> notes) {
    Channel.Builder b = Channel.builder();
    String id = optString(o, "id", path);
    if (id == null || id.isEmpty()) {
      id = idGenerator.get();
      changed[0] = true;
    } else if (!Channel.isValidId(id)) {
      throw new ConfigException(at(path, "id"), "must not be purely numeric: " + id);
    }
    b.id(id);
    b.name(optString(o, "name", path));
    b.description(optString(o, "description", path));
    b.website(optString(o, "website", path));
    String serviceType = optString(o, "serviceType", path);
    if (serviceType == null || Protocol.ofServiceType(serviceType) == null) {
      throw new ConfigException(at(path, "serviceType"),
          "must be one of claude, openai, gemini, responses: " + (serviceType == null ? "missing" : serviceType));
    }
    b.serviceType(serviceType);
    String baseUrl = optString(o, "baseUrl", path);
    if (baseUrl != null && !baseUrl.isEmpty()) checkUrl(at(path, "baseUrl"), baseUrl);
    b.baseUrl(baseUrl);
    List<String> baseUrls = stringList(o, "baseUrls", path);
    for (int i = 0; i < baseUrls.size(); i++) checkUrl(at(path, "baseUrls[" + i + "]"), baseUrls.get(i));
    b.baseUrls(dedupeBaseUrls(baseUrls));
    if ((baseUrl == null || baseUrl.isEmpty()) && baseUrls.isEmpty()) {
      throw new ConfigException(at(path, "baseUrl"), "a channel needs baseUrl or baseUrls");
    }
    List<String> keys = stringList(o, "apiKeys", path);
    Set<String> seen = new HashSet<>();
    for (String k : keys) {
      if (!seen.add(k)) throw new ConfigException(at(path, "apiKeys"), "duplicate key " + dev.llmrouter.api.Keys.mask(k));
      if (k.isEmpty()) throw new ConfigException(at(path, "apiKeys"), "empty key");
    }
    b.apiKeys(keys);
    b.historicalApiKeys(stringList(o, "historicalApiKeys", path));
    JsonValue mapping = o.get("modelMapping");
    if (mapping != null && !mapping.isNull()) {
      JsonObject m = mapping.asObject();
      if (m == null) throw new ConfigException(at(path, "modelMapping"), "expected an object of strings");
      Map<String, String> map = new LinkedHashMap<>();
      m.members().forEach((k, v) -> {
        if (!(v instanceof JsonString s)) {
          throw new ConfigException(at(path, "modelMapping." + k), "expected a string");
        }
        map.put(k, s.value());
      });
      b.modelMapping(map);
    }
    b.priority((int) optInt(o, "priority", path, 0));
    if (o.has("weight") && !o.get("weight").isNull()) {
      long w = optInt(o, "weight", path, 1);
      if (w < 1) throw new ConfigException(at(path, "weight"), "must be at least 1: " + w);
      b.weight((int) w);
    }
    try {
      b.status(ChannelStatus.parse(optString(o, "status", path)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at(path, "status"), e.getMessage());
    }
    String until = optString(o, "promotionUntil", path);
    if (until != null && !until.isEmpty()) {
      try {
        b.promotionUntil(OffsetDateTime.parse(until).toInstant());
      } catch (DateTimeParseException e) {
        throw new ConfigException(at(path, "promotionUntil"), "not an RFC 3339 time: " + until);
      }
    }
    b.lowQuality(optBool(o, "lowQuality", path));
    b.insecureSkipVerify(optBool(o, "insecureSkipVerify", path));
    b.injectDummyThoughtSignature(optBool(o, "injectDummyThoughtSignature", path));
    b.stripThoughtSignature(optBool(o, "stripThoughtSignature", path));
    JsonValue custom = o.get("customTools");
    if (custom != null && !custom.isNull()) b.customTools(optBool(o, "customTools", path));
    JsonObject extra = new JsonObject();
    o.members().forEach((k, v) -> {
      if (!CHANNEL_FIELDS.contains(k)) extra.put(k, v);
    });
    b.extra(extra);
    return b.build();
  }

  /**
   * Removes repeated base URLs, keeping the first spelling; trailing {@code /} and {@code #} are
   * ignored when comparing (as the original does).
   *
   * @param urls the URLs in configured order
   * @return a new list without repeats, in the same order
   */
  public static List<String> dedupeBaseUrls(List<String> urls) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String u : urls) {
      String norm = u;
      while (norm.endsWith("/") || norm.endsWith("#")) norm = norm.substring(0, norm.length() - 1);
      if (seen.add(norm)) out.add(u);
    }
    return out;
  }

  /**
   * Checks that a base URL is an absolute http or https URL (a trailing {@code #} is allowed).
   *
   * @param field the field path to name in the error
   * @param url the URL to check
   * @throws ConfigException naming the field, when the URL is not an absolute http(s) URL with a host
   */
  public static void checkUrl(String field, String url) {
    String u = url.endsWith("#") ? url.substring(0, url.length() - 1) : url;
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new ConfigException(field, "must be an absolute http(s) URL: " + url);
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(field, "must be an absolute http(s) URL: " + url);
    }
  }

  private static String optString(JsonObject o, String name, String path) {
    JsonValue v = o.get(name);
    if (v == null || v.isNull()) return null;
    if (v instanceof JsonString s) return s.value();
    throw new ConfigException(at(path, name), "expected a string");
  }

  private static boolean optBool(JsonObject o, String name, String path) {
    JsonValue v = o.get(name);
    if (v == null || v.isNull()) return false;
    if (v instanceof JsonBoolean b) return b.value();
    throw new ConfigException(at(path, name), "expected true or false");
  }

  private static long optInt(JsonObject o, String name, String path, long fallback) {
    JsonValue v = o.get(name);
    if (v == null || v.isNull()) return fallback;
    if (v instanceof JsonNumber n) {
      try {
        long value = Long.parseLong(n.text());
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
          throw new ConfigException(at(path, name), "out of range: " + n.text());
        }
        return value;
      } catch (NumberFormatException e) {
        throw new ConfigException(at(path, name), "expected an integer: " + n.text());
      }
    }
    throw new ConfigException(at(path, name), "expected an integer");
  }

  private static List<String> stringList(JsonObject o, String name, String path) {
    JsonValue v = o.get(name);
    if (v == null || v.isNull()) return List.of();
    JsonArray a = v.asArray();
    if (a == null) throw new ConfigException(at(path, name), "expected an array of strings");
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof JsonString s)) {
        throw new ConfigException(at(path, name) + "[" + i + "]", "expected a string");
      }
      out.add(s.value());
    }
    return out;
  }

  /**
   * Writes a snapshot in the original's layout, two-space indented, unknown members kept.
   *
   * @param snapshot the channels and settings
   * @return the file's bytes, UTF-8; they contain the keys in clear
   */
  public byte[] write(ChannelSnapshot snapshot) {
    return Json.writePretty(toJson(snapshot));
  }

  /**
   * Returns the JSON tree of a snapshot, as {@link #write} writes it.
   *
   * @param snapshot the channels and settings
   * @return a new tree that the caller may change; it contains the keys in clear
   */
  public JsonObject toJson(ChannelSnapshot snapshot) {
    JsonObject top = new JsonObject();
    JsonObject extra = snapshot.extra();
    for (ApiKind kind : ApiKind.values()) {
      JsonArray list = new JsonArray();
      for (Channel c : snapshot.channels(kind)) list.add(channelJson(c));
      top.put(kind.configList(), list);
      String lb = kind == ApiKind.MESSAGES ? "loadBalance" : kind.pathName() + "LoadBalance";
      if (extra.has(lb)) top.put(lb, extra.remove(lb));
    }
    top.put("fuzzyModeEnabled", snapshot.fuzzyModeEnabled());
    extra.members().forEach(top::put);
    return top;
  }

  /**
   * Returns the JSON object of one channel, keys included (the file is the only place they are kept).
   *
   * @param c the channel
   * @return a new object that the caller may change
   */
  public static JsonObject channelJson(Channel c) {
    JsonObject o = new JsonObject();
    o.put("id", c.id());
    o.put("baseUrl", c.baseUrl());
    if (!c.baseUrls().isEmpty()) o.put("baseUrls", strings(c.baseUrls()));
    o.put("apiKeys", strings(c.apiKeys()));
    if (!c.historicalApiKeys().isEmpty()) o.put("historicalApiKeys", strings(c.historicalApiKeys()));
    o.put("serviceType", c.serviceType());
    if (!c.name().isEmpty()) o.put("name", c.name());
    if (c.description() != null && !c.description().isEmpty()) o.put("description", c.description());
    if (c.website() != null && !c.website().isEmpty()) o.put("website", c.website());
    if (c.insecureSkipVerify()) o.put("insecureSkipVerify", true);
    if (!c.modelMapping().isEmpty()) {
      JsonObject m = new JsonObject();
      c.modelMapping().forEach(m::put);
      o.put("modelMapping", m);
    }
    o.put("priority", c.priority());
    if (c.weight() != null) o.put("weight", c.weight());
    o.put("status", c.status().wire());
    if (c.promotionUntil() != null) o.put("promotionUntil", formatTime(c.promotionUntil()));
    if (c.lowQuality()) o.put("lowQuality", true);
    if (c.injectDummyThoughtSignature()) o.put("injectDummyThoughtSignature", true);
    if (c.stripThoughtSignature()) o.put("stripThoughtSignature", true);
    if (!c.customTools()) o.put("customTools", false);
    c.extra().members().forEach(o::put);
    return o;
  }

  /**
   * Formats a time as {@code promotionUntil} is written: RFC 3339 in UTC, seconds always present (Go
   * needs them).
   *
   * @param t the instant
   * @return the text, such as {@code 2026-01-02T03:04:05Z}
   */
  public static String formatTime(Instant t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    for (String s : values) a.add(s);
    return a;
  }
}
