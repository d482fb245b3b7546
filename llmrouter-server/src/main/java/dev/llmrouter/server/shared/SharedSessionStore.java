package dev.llmrouter.server.shared;

import dev.llmrouter.redis.RedisConversations;
import dev.llmrouter.redis.RedisUnavailableException;
import dev.llmrouter.server.sessions.InMemorySessionStore;
import dev.llmrouter.server.sessions.SessionStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses conversations kept in Redis, so that a turn continues on whichever instance it lands,
 * with this instance's {@link InMemorySessionStore} beside it: every save goes to both, and a
 * lookup asks Redis first and this instance's memory when Redis does not know the id or does not
 * answer. While Redis is away, conversations go on on the instance that holds them. Thread-safe.
 */
final class SharedSessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(SharedSessionStore.class);

  private final RedisConversations shared;
  private final InMemorySessionStore local;

  SharedSessionStore(RedisConversations shared, InMemorySessionStore local) {
    this.shared = shared;
    this.local = local;
  }

  @Override
  public Stored find(String responseId) {
    try {
      RedisConversations.Found found = shared.find(responseId);
      if (found != null) {
        local.find(responseId); // keeps the local copy, if any, as fresh as the shared one
        return found.upstream() ? new Upstream(found.channelId(), found.keyFingerprint()) : new Local(found.items());
      }
    } catch (RedisUnavailableException e) {
      log.debug("[Sessions-Shared] lookup from local memory: {}", e.getMessage());
    }
    return local.find(responseId);
  }

  @Override
  public boolean saveLocal(String responseId, String previousResponseId, List<String> turnItems,
      long conversationTokens) {
    boolean here = local.saveLocal(responseId, previousResponseId, turnItems, conversationTokens);
    try {
      return shared.saveLocal(responseId, previousResponseId, turnItems, conversationTokens) || here;
    } catch (RedisUnavailableException e) {
      log.debug("[Sessions-Shared] kept in local memory only: {}", e.getMessage());
      return here;
    }
  }

  @Override
  public void saveUpstream(String responseId, Upstream where) {
    local.saveUpstream(responseId, where);
    try {
      shared.saveUpstream(responseId, where.channelId(), where.keyFingerprint());
    } catch (RedisUnavailableException e) {
      log.debug("[Sessions-Shared] kept in local memory only: {}", e.getMessage());
    }
  }

  @Override
  public void sweep() {
    local.sweep(); // Redis expires its records by itself
  }

  /** Conversations in this instance's memory (Redis holds those of every instance). */
  @Override
  public int size() {
    return local.size();
  }
}
