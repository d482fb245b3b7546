package dev.llmrouter.redis;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Responses conversations in Redis, read directly (a conversation must be found on whichever router
 * the next turn lands on). Each response id is one record under {@code resp:<id>}: the whole
 * conversation up to that response (items, compact JSON texts) or the channel and key fingerprint
 * that hold it upstream. Each record expires after the idle time, and a read renews it. A turn whose
 * conversation would exceed the item, token or byte limit of one conversation is not recorded; past
 * the most responses or total bytes, the least recently used records go first (one Lua script keeps
 * the index, the sizes and the total together).
 *
 * <p>Every call waits at most the command timeout and throws {@link RedisUnavailableException} when
 * Redis does not answer, so the caller can fall back to its own memory. Thread-safe.
 */
public final class RedisConversations {
  /** A conversation found: its items (kept here) or the channel that holds it (items empty). */
  public record Found(List<String> items, String channelId, String keyFingerprint) {
    public Found {
      items = List.copyOf(items);
    }

    /** True when an upstream channel holds the conversation. */
    public boolean upstream() {
      return channelId != null;
    }
  }

  private static final String SAVE = """
      if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then return 0 end
      local now, ttl, size = tonumber(ARGV[4]), tonumber(ARGV[3]), tonumber(ARGV[5])
      local maxCount, maxBytes, prefix = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
      redis.call('ZADD', KEYS[2], now, ARGV[1])
      redis.call('HSET', KEYS[3], ARGV[1], size)
      redis.call('INCRBY', KEYS[4], size)
      local function drop(member)
        local s = tonumber(redis.call('HGET', KEYS[3], member) or '0')
        redis.call('HDEL', KEYS[3], member)
        redis.call('ZREM', KEYS[2], member)
        redis.call('DECRBY', KEYS[4], s)
      end
      for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - ttl)) do drop(member) end
      while redis.call('ZCARD', KEYS[2]) > maxCount
          or (tonumber(redis.call('GET', KEYS[4]) or '0') > maxBytes and redis.call('ZCARD', KEYS[2]) > 1) do
        local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
        drop(oldest)
        redis.call('DEL', prefix .. oldest)
      end
      return 1
      """;

  private final RedisBackend backend;
  private final Duration maxIdle;
  private final int maxItems;
  private final long maxTokens;
  private final long maxBytes;
  private final int maxCount;
  private final long maxTotalBytes;

  RedisConversations(RedisBackend backend, Duration maxIdle, int maxItems, long maxTokens, long maxBytes, int maxCount,
      long maxTotalBytes) {
    this.backend = backend;
    this.maxIdle = maxIdle;
    this.maxItems = maxItems;
    this.maxTokens = maxTokens;
    this.maxBytes = maxBytes;
    this.maxCount = maxCount;
    this.maxTotalBytes = maxTotalBytes;
  }

  /**
   * The conversation of a response, or null when unknown or expired; renews it.
   *
   * @throws RedisUnavailableException when Redis does not answer
   */
  public Found find(String responseId) {
    RedisAsyncCommands<String, String> cmd = commands();
    String text = backend.await(cmd.getex(recordKey(responseId), GetExArgs.Builder.px(maxIdle.toMillis())));
    if (text == null) return null;
    backend.watch(cmd.zadd(backend.key("resp-lru"), ZAddArgs.Builder.xx(), (double) System.currentTimeMillis(),
        responseId));
    JsonObject o = Json.parseObject(text);
    if (o.has("channel")) return new Found(List.of(), o.getString("channel"), o.getString("key", null));
    List<String> items = new ArrayList<>();
    JsonArray a = o.getArray("items");
    if (a != null) {
      for (JsonValue v : a) items.add(((JsonString) v).value());
    }
    return new Found(items, null, null);
  }

  /**
   * Records a response whose conversation is that of {@code previousResponseId} (none when null)
   * followed by {@code turnItems}.
   *
   * @return false when the previous response is unknown or held upstream, the conversation would
   *     exceed a limit, or the id is taken
   * @throws RedisUnavailableException when Redis does not answer
   */
  public boolean saveLocal(String responseId, String previousResponseId, List<String> turnItems,
      long conversationTokens) {
    List<String> items = new ArrayList<>();
    if (previousResponseId != null) {
      Found previous = find(previousResponseId);
      if (previous == null || previous.upstream()) return false;
      items.addAll(previous.items());
    }
    items.addAll(turnItems);
    long bytes = 0;
    for (String item : items) bytes += 2L * item.length();
    if (items.size() > maxItems || conversationTokens > maxTokens || bytes > maxBytes) return false;
    JsonArray array = new JsonArray();
    for (String item : items) array.add(item);
    String record = Json.writeString(new JsonObject().put("items", array).put("tokens", conversationTokens));
    return save(responseId, record, bytes);
  }

  /**
   * Records that a response is held by an upstream channel.
   *
   * @throws RedisUnavailableException when Redis does not answer
   */
  public boolean saveUpstream(String responseId, String channelId, String keyFingerprint) {
    JsonObject o = new JsonObject().put("channel", channelId);
    if (keyFingerprint != null) o.put("key", keyFingerprint);
    return save(responseId, Json.writeString(o), 0);
  }

  private boolean save(String responseId, String record, long bytes) {
    RedisAsyncCommands<String, String> cmd = commands();
    String[] keys = {recordKey(responseId), backend.key("resp-lru"), backend.key("resp-size"),
        backend.key("resp-bytes")};
    Long saved = backend.await(cmd.eval(SAVE, ScriptOutputType.INTEGER, keys, responseId, record,
        Long.toString(maxIdle.toMillis()), Long.toString(System.currentTimeMillis()), Long.toString(bytes),
        Integer.toString(maxCount), Long.toString(maxTotalBytes), backend.key("resp:")));
    return saved != null && saved == 1L;
  }

  private RedisAsyncCommands<String, String> commands() {
    RedisAsyncCommands<String, String> cmd = backend.commands();
    if (cmd == null) throw new RedisUnavailableException("redis is unreachable", null);
    return cmd;
  }

  private String recordKey(String responseId) {
    return backend.key("resp:" + responseId);
  }
}
