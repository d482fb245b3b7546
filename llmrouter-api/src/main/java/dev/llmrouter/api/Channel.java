package dev.llmrouter.api;

import dev.llmrouter.api.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream channel: an account at a vendor or a compatible relay. Immutable; build with
 * {@link #builder()} or change with {@link #toBuilder()}.
 *
 * <p>Every runtime state (breakers, affinity, cooldowns, metrics) is keyed by {@link #id()}, which
 * is stable across edits, reorders and reloads, and never purely numeric.
 */
public final class Channel {
  private final String id;
  private final String name;
  private final String description;
  private final String website;
  private final String serviceType;
  private final String baseUrl;
  private final List<String> baseUrls;
  private final List<String> apiKeys;
  private final List<String> historicalApiKeys;
  private final Map<String, String> modelMapping;
  private final int priority;
  private final Integer weight;
  private final ChannelStatus status;
  private final Instant promotionUntil;
  private final boolean lowQuality;
  private final boolean insecureSkipVerify;
  private final boolean injectDummyThoughtSignature;
  private final boolean stripThoughtSignature;
  private final JsonObject extra;

  private Channel(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    if (!isValidId(id)) throw new IllegalArgumentException("channel id must be non-empty and not purely numeric: " + id);
    this.name = b.name == null ? "" : b.name;
    this.description = b.description;
    this.website = b.website;
    this.serviceType = b.serviceType == null ? "" : b.serviceType;
    this.baseUrl = b.baseUrl == null ? "" : b.baseUrl;
    this.baseUrls = List.copyOf(b.baseUrls);
    this.apiKeys = List.copyOf(b.apiKeys);
    this.historicalApiKeys = List.copyOf(b.historicalApiKeys);
    this.modelMapping = Collections.unmodifiableMap(new LinkedHashMap<>(b.modelMapping));
    this.priority = b.priority;
    if (b.weight != null && b.weight < 1) throw new IllegalArgumentException("weight < 1: " + b.weight);
    this.weight = b.weight;
    this.status = b.status == null ? ChannelStatus.ACTIVE : b.status;
    this.promotionUntil = b.promotionUntil;
    this.lowQuality = b.lowQuality;
    this.insecureSkipVerify = b.insecureSkipVerify;
    this.injectDummyThoughtSignature = b.injectDummyThoughtSignature;
    this.stripThoughtSignature = b.stripThoughtSignature;
    this.extra = b.extra == null ? new JsonObject() : b.extra.copy();
  }

  /** True for an id that is non-empty and not purely digits (digits name a list position). */
  public static boolean isValidId(String id) {
    if (id == null || id.isEmpty()) return false;
    for (int i = 0; i < id.length(); i++) {
      if (!Character.isDigit(id.charAt(i))) return true;
    }
    return false;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public String id() { return id; }
  public String name() { return name; }
  public String description() { return description; }
  public String website() { return website; }
  public String serviceType() { return serviceType; }
  public String baseUrl() { return baseUrl; }
  public List<String> baseUrls() { return baseUrls; }
  public List<String> apiKeys() { return apiKeys; }
  public List<String> historicalApiKeys() { return historicalApiKeys; }
  public Map<String, String> modelMapping() { return modelMapping; }
  public int priority() { return priority; }
  /** The traffic weight within its priority, or null for plain failover order. */
  public Integer weight() { return weight; }
  public ChannelStatus status() { return status; }
  public Instant promotionUntil() { return promotionUntil; }
  public boolean lowQuality() { return lowQuality; }
  public boolean insecureSkipVerify() { return insecureSkipVerify; }
  public boolean injectDummyThoughtSignature() { return injectDummyThoughtSignature; }
  public boolean stripThoughtSignature() { return stripThoughtSignature; }

  /** Members of the channel's config object that llmrouter does not know; kept for writing back. */
  public JsonObject extra() { return extra.copy(); }

  /** The protocol of this channel, or null when its service type is unknown. */
  public Protocol protocol() {
    return Protocol.ofServiceType(serviceType);
  }

  /** A display name: the name, or the id when the name is empty. */
  public String displayName() {
    return name.isEmpty() ? id : name;
  }

  /** The base URLs used for routing: {@code baseUrls} when non-empty, else {@code baseUrl}. */
  public List<String> allBaseUrls() {
    if (!baseUrls.isEmpty()) return baseUrls;
    if (!baseUrl.isEmpty()) return List.of(baseUrl);
    return List.of();
  }

  /** {@code baseUrl} when set, else the first of {@code baseUrls}, else empty. */
  public String effectiveBaseUrl() {
    if (!baseUrl.isEmpty()) return baseUrl;
    return baseUrls.isEmpty() ? "" : baseUrls.get(0);
  }

  public boolean isActive() {
    return status == ChannelStatus.ACTIVE;
  }

  /** True while a promotion window is open at {@code now}. */
  public boolean isPromoted(Instant now) {
    return promotionUntil != null && now.isBefore(promotionUntil);
  }

  /** Maps a requested model through {@code modelMapping}; see {@link ModelMapping#apply}. */
  public String mapModel(String model) {
    return ModelMapping.apply(modelMapping, model);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Channel c)) return false;
    return priority == c.priority && lowQuality == c.lowQuality && insecureSkipVerify == c.insecureSkipVerify
        && injectDummyThoughtSignature == c.injectDummyThoughtSignature && stripThoughtSignature == c.stripThoughtSignature
        && id.equals(c.id) && name.equals(c.name) && Objects.equals(description, c.description)
        && Objects.equals(website, c.website) && serviceType.equals(c.serviceType) && baseUrl.equals(c.baseUrl)
        && baseUrls.equals(c.baseUrls) && apiKeys.equals(c.apiKeys) && historicalApiKeys.equals(c.historicalApiKeys)
        && modelMapping.equals(c.modelMapping) && Objects.equals(weight, c.weight) && status == c.status
        && Objects.equals(promotionUntil, c.promotionUntil) && extra.equals(c.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, serviceType, baseUrl, baseUrls, apiKeys, priority, status);
  }

  /** Never shows keys. */
  @Override
  public String toString() {
    return "Channel{id=" + id + ", name=" + name + ", serviceType=" + serviceType + ", status=" + status.wire()
        + ", priority=" + priority + ", keys=" + apiKeys.size() + "}";
  }

  /** Builds a {@link Channel}. Not thread-safe; {@link #build()} copies, so reuse is safe. */
  public static final class Builder {
    private String id;
    private String name;
    private String description;
    private String website;
    private String serviceType;
    private String baseUrl;
    private List<String> baseUrls = new ArrayList<>();
    private List<String> apiKeys = new ArrayList<>();
    private List<String> historicalApiKeys = new ArrayList<>();
    private Map<String, String> modelMapping = new LinkedHashMap<>();
    private int priority;
    private Integer weight;
    private ChannelStatus status = ChannelStatus.ACTIVE;
    private Instant promotionUntil;
    private boolean lowQuality;
    private boolean insecureSkipVerify;
    private boolean injectDummyThoughtSignature;
    private boolean stripThoughtSignature;
    private JsonObject extra;

    private Builder() {}

    private Builder(Channel c) {
      id = c.id;
      name = c.name;
      description = c.description;
      website = c.website;
      serviceType = c.serviceType;
      baseUrl = c.baseUrl;
      baseUrls = new ArrayList<>(c.baseUrls);
      apiKeys = new ArrayList<>(c.apiKeys);
      historicalApiKeys = new ArrayList<>(c.historicalApiKeys);
      modelMapping = new LinkedHashMap<>(c.modelMapping);
      priority = c.priority;
      weight = c.weight;
      status = c.status;
      promotionUntil = c.promotionUntil;
      lowQuality = c.lowQuality;
      insecureSkipVerify = c.insecureSkipVerify;
      injectDummyThoughtSignature = c.injectDummyThoughtSignature;
      stripThoughtSignature = c.stripThoughtSignature;
      extra = c.extra.copy();
    }

    public Builder id(String id) { this.id = id; return this; }
    public Builder name(String name) { this.name = name; return this; }
    public Builder description(String description) { this.description = description; return this; }
    public Builder website(String website) { this.website = website; return this; }
    public Builder serviceType(String serviceType) { this.serviceType = serviceType; return this; }
    public Builder baseUrl(String baseUrl) { this.baseUrl = baseUrl; return this; }
    public Builder baseUrls(List<String> baseUrls) { this.baseUrls = new ArrayList<>(baseUrls); return this; }
    public Builder apiKeys(List<String> apiKeys) { this.apiKeys = new ArrayList<>(apiKeys); return this; }
    public Builder apiKeys(String... apiKeys) { return apiKeys(List.of(apiKeys)); }
    public Builder historicalApiKeys(List<String> keys) { this.historicalApiKeys = new ArrayList<>(keys); return this; }
    public Builder modelMapping(Map<String, String> mapping) { this.modelMapping = new LinkedHashMap<>(mapping); return this; }
    public Builder priority(int priority) { this.priority = priority; return this; }
    public Builder weight(Integer weight) { this.weight = weight; return this; }
    public Builder status(ChannelStatus status) { this.status = status; return this; }
    public Builder promotionUntil(Instant until) { this.promotionUntil = until; return this; }
    public Builder lowQuality(boolean v) { this.lowQuality = v; return this; }
    public Builder insecureSkipVerify(boolean v) { this.insecureSkipVerify = v; return this; }
    public Builder injectDummyThoughtSignature(boolean v) { this.injectDummyThoughtSignature = v; return this; }
    public Builder stripThoughtSignature(boolean v) { this.stripThoughtSignature = v; return this; }
    public Builder extra(JsonObject extra) { this.extra = extra == null ? null : extra.copy(); return this; }

    /**
     * Builds the channel.
     *
     * @throws NullPointerException when no id was set
     * @throws IllegalArgumentException when the id is purely numeric or the weight is below 1
     */
    public Channel build() {
      return new Channel(this);
    }
  }
}
