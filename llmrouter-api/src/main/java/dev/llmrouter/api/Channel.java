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
 * One upstream channel: an account at a vendor or a compatible relay. Immutable and thread-safe;
 * build with {@link #builder()} or change with {@link #toBuilder()}.
 *
 * <p>Every runtime state (breakers, affinity, cooldowns, metrics) is keyed by {@link #id()}, which
 * is stable across edits, reorders and reloads, and never purely numeric. {@link #toString()} never
 * shows keys.
 */
public final class Channel {
  private final String id;
  private final String name;
  private final String description;
  private final String website;
  private final String serviceType;
  private final String baseUrl;
  private final List<String> baseUrls;
  private final List<String> allBaseUrls;
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
  private final boolean customTools;
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
    this.allBaseUrls = !baseUrls.isEmpty() ? baseUrls : !baseUrl.isEmpty() ? List.of(baseUrl) : List.of();
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
    this.customTools = b.customTools;
    this.extra = b.extra == null ? new JsonObject() : b.extra.copy();
  }

  /**
   * Tells whether a string can be a channel id: non-empty and not purely digits, because digits name
   * a list position in admin paths.
   *
   * @param id the candidate; may be null
   * @return true when {@code id} is a valid channel id
   */
  public static boolean isValidId(String id) {
    if (id == null || id.isEmpty()) return false;
    for (int i = 0; i < id.length(); i++) {
      if (!Character.isDigit(id.charAt(i))) return true;
    }
    return false;
  }

  /** {@return a new empty builder; {@link Builder#id} must be set before {@link Builder#build}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding a copy of this channel's values} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return the stable id that keys all runtime state} */
  public String id() { return id; }
  /** {@return the display name; empty when none was configured} */
  public String name() { return name; }
  /** {@return the operator's description, or null} */
  public String description() { return description; }
  /** {@return the vendor or relay website, or null} */
  public String website() { return website; }
  /** {@return the configured {@code serviceType}; empty when none, possibly not a known protocol} */
  public String serviceType() { return serviceType; }
  /** {@return the single configured base URL; empty when none} */
  public String baseUrl() { return baseUrl; }
  /** {@return the configured base URL list (unmodifiable); see {@link #allBaseUrls()}} */
  public List<String> baseUrls() { return baseUrls; }
  /** {@return the keys in rotation order (unmodifiable); secrets, never log them} */
  public List<String> apiKeys() { return apiKeys; }
  /** {@return keys removed from rotation, kept for the config file (unmodifiable); secrets} */
  public List<String> historicalApiKeys() { return historicalApiKeys; }
  /** {@return requested model to upstream model, in configured order (unmodifiable)} */
  public Map<String, String> modelMapping() { return modelMapping; }
  /** {@return the priority; lower values are tried first} */
  public int priority() { return priority; }
  /** {@return the traffic weight within its priority, or null for plain failover order} */
  public Integer weight() { return weight; }
  /** {@return whether the channel takes traffic; never null} */
  public ChannelStatus status() { return status; }
  /** {@return the end of the promotion window, or null when never promoted} */
  public Instant promotionUntil() { return promotionUntil; }
  /** {@return true when the operator marked the channel as low quality} */
  public boolean lowQuality() { return lowQuality; }
  /** {@return true when TLS certificates of this channel are not verified} */
  public boolean insecureSkipVerify() { return insecureSkipVerify; }
  /** {@return true when Gemini function calls without a thought signature get a placeholder one} */
  public boolean injectDummyThoughtSignature() { return injectDummyThoughtSignature; }
  /**
   * {@return true when Gemini function-call thought signatures are removed from requests; wins over
   * {@link #injectDummyThoughtSignature()}}
   */
  public boolean stripThoughtSignature() { return stripThoughtSignature; }
  /**
   * {@return true (the default) when this Chat Completions or Responses upstream takes OpenAI freeform
   * {@code custom} tools as they are; false when they must be sent as functions with one string
   * parameter (relays that drop custom tools)}
   */
  public boolean customTools() { return customTools; }

  /**
   * Members of the channel's config object that llmrouter does not know; kept for writing back.
   *
   * @return a copy, so changing it never changes this channel
   */
  public JsonObject extra() { return extra.copy(); }

  /** {@return the protocol of this channel, or null when its service type is unknown} */
  public Protocol protocol() {
    return Protocol.ofServiceType(serviceType);
  }

  /** {@return the name, or the id when the name is empty} */
  public String displayName() {
    return name.isEmpty() ? id : name;
  }

  /**
   * {@return the base URLs used for routing: {@code baseUrls} when non-empty, else {@code baseUrl}, else
   * none}
   */
  public List<String> allBaseUrls() {
    return allBaseUrls; // computed once: the scheduler asks for it on every pick
  }

  /** {@return {@code baseUrl} when set, else the first of {@code baseUrls}, else empty} */
  public String effectiveBaseUrl() {
    if (!baseUrl.isEmpty()) return baseUrl;
    return baseUrls.isEmpty() ? "" : baseUrls.get(0);
  }

  /** {@return true when the status is {@link ChannelStatus#ACTIVE}} */
  public boolean isActive() {
    return status == ChannelStatus.ACTIVE;
  }

  /**
   * Tells whether a promotion window is open.
   *
   * @param now the current time
   * @return true when {@code now} is before {@link #promotionUntil()}
   */
  public boolean isPromoted(Instant now) {
    return promotionUntil != null && now.isBefore(promotionUntil);
  }

  /**
   * Maps a requested model through {@code modelMapping}; see {@link ModelMapping#apply}.
   *
   * @param model the model the client asked for; may be null
   * @return the model to send upstream
   */
  public String mapModel(String model) {
    return ModelMapping.apply(modelMapping, model);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Channel c)) return false;
    return priority == c.priority && lowQuality == c.lowQuality && insecureSkipVerify == c.insecureSkipVerify
        && injectDummyThoughtSignature == c.injectDummyThoughtSignature && stripThoughtSignature == c.stripThoughtSignature
        && customTools == c.customTools
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

  /** Describes the channel for logs; never shows keys, only their count. */
  @Override
  public String toString() {
    return "Channel{id=" + id + ", name=" + name + ", serviceType=" + serviceType + ", status=" + status.wire()
        + ", priority=" + priority + ", keys=" + apiKeys.size() + "}";
  }

  /**
   * Builds a {@link Channel}. Not thread-safe; {@link #build()} copies, so reuse is safe and a built
   * channel never changes with its builder.
   */
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
    private boolean customTools = true;
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
      customTools = c.customTools;
      extra = c.extra.copy();
    }

    /**
     * Sets the id; required.
     *
     * @param id non-empty and not purely numeric
     * @return this builder
     */
    public Builder id(String id) { this.id = id; return this; }
    /**
     * Sets the display name.
     *
     * @param name the name; null means empty
     * @return this builder
     */
    public Builder name(String name) { this.name = name; return this; }
    /**
     * Sets the description.
     *
     * @param description free text, or null
     * @return this builder
     */
    public Builder description(String description) { this.description = description; return this; }
    /**
     * Sets the website.
     *
     * @param website a URL, or null
     * @return this builder
     */
    public Builder website(String website) { this.website = website; return this; }
    /**
     * Sets the upstream protocol by its {@code serviceType}.
     *
     * @param serviceType one of {@code claude}, {@code openai}, {@code gemini}, {@code responses}; other
     *     values are kept but make {@link Channel#protocol()} null
     * @return this builder
     */
    public Builder serviceType(String serviceType) { this.serviceType = serviceType; return this; }
    /**
     * Sets the single base URL.
     *
     * @param baseUrl the URL; null means empty
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) { this.baseUrl = baseUrl; return this; }
    /**
     * Sets the base URL list, replacing any earlier one.
     *
     * @param baseUrls the URLs, copied
     * @return this builder
     */
    public Builder baseUrls(List<String> baseUrls) { this.baseUrls = new ArrayList<>(baseUrls); return this; }
    /**
     * Sets the keys in rotation order, replacing any earlier ones.
     *
     * @param apiKeys the keys, copied
     * @return this builder
     */
    public Builder apiKeys(List<String> apiKeys) { this.apiKeys = new ArrayList<>(apiKeys); return this; }
    /**
     * Sets the keys in rotation order, replacing any earlier ones.
     *
     * @param apiKeys the keys, copied
     * @return this builder
     * @throws NullPointerException when a key is null
     */
    public Builder apiKeys(String... apiKeys) { return apiKeys(List.of(apiKeys)); }
    /**
     * Sets the keys removed from rotation.
     *
     * @param keys the keys, copied
     * @return this builder
     */
    public Builder historicalApiKeys(List<String> keys) { this.historicalApiKeys = new ArrayList<>(keys); return this; }
    /**
     * Sets the model mapping; its iteration order breaks ties, so pass an ordered map.
     *
     * @param mapping requested model to upstream model, copied
     * @return this builder
     */
    public Builder modelMapping(Map<String, String> mapping) { this.modelMapping = new LinkedHashMap<>(mapping); return this; }
    /**
     * Sets the priority.
     *
     * @param priority lower values are tried first
     * @return this builder
     */
    public Builder priority(int priority) { this.priority = priority; return this; }
    /**
     * Sets the traffic weight within the priority.
     *
     * @param weight at least 1, or null for plain failover order
     * @return this builder
     */
    public Builder weight(Integer weight) { this.weight = weight; return this; }
    /**
     * Sets the status.
     *
     * @param status the status; null means active
     * @return this builder
     */
    public Builder status(ChannelStatus status) { this.status = status; return this; }
    /**
     * Sets the end of the promotion window.
     *
     * @param until the instant, or null for none
     * @return this builder
     */
    public Builder promotionUntil(Instant until) { this.promotionUntil = until; return this; }
    /**
     * Marks the channel as low quality.
     *
     * @param v the flag
     * @return this builder
     */
    public Builder lowQuality(boolean v) { this.lowQuality = v; return this; }
    /**
     * Turns TLS certificate verification off for this channel.
     *
     * @param v true to skip verification
     * @return this builder
     */
    public Builder insecureSkipVerify(boolean v) { this.insecureSkipVerify = v; return this; }
    /**
     * Makes Gemini function calls without a thought signature get a placeholder one.
     *
     * @param v the flag
     * @return this builder
     */
    public Builder injectDummyThoughtSignature(boolean v) { this.injectDummyThoughtSignature = v; return this; }
    /**
     * Makes requests to this channel drop Gemini function-call thought signatures.
     *
     * @param v the flag
     * @return this builder
     */
    public Builder stripThoughtSignature(boolean v) { this.stripThoughtSignature = v; return this; }
    /**
     * Says whether this Chat Completions or Responses upstream takes freeform {@code custom} tools.
     *
     * @param v false to send freeform tools as functions; true by default
     * @return this builder
     */
    public Builder customTools(boolean v) { this.customTools = v; return this; }
    /**
     * Sets the config members llmrouter does not know.
     *
     * @param extra the members, copied; null means none
     * @return this builder
     */
    public Builder extra(JsonObject extra) { this.extra = extra == null ? null : extra.copy(); return this; }

    /**
     * Builds the channel.
     *
     * @return the channel
     * @throws NullPointerException when no id was set, or a base URL, key or historical key is null
     * @throws IllegalArgumentException when the id is empty or purely numeric, or the weight is below 1
     */
    public Channel build() {
      return new Channel(this);
    }
  }
}
