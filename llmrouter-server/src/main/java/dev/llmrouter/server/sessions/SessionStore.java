package dev.llmrouter.server.sessions;

import java.util.List;
import java.util.Objects;

/**
 * Where Responses conversation state lives: for each response id, either the conversation's items
 * (kept here, for answers of converting channels) or the channel that holds it (for answers of
 * {@code responses} channels, whose upstream keeps the conversation). Items are compact JSON texts,
 * in order. An implementation backed by a shared engine lets several routers serve one conversation.
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionStore {
  /** What a response id refers to. */
  sealed interface Stored permits Local, Upstream {}

  /**
   * A conversation kept here.
   *
   * @param items every input and output item up to and including the response's output, in order
   */
  record Local(List<String> items) implements Stored {
    public Local {
      items = List.copyOf(items);
    }
  }

  /**
   * A conversation kept by an upstream.
   *
   * @param channelId the channel that produced the response
   * @param keyFingerprint the fingerprint of the key it was produced with, or null when unknown
   */
  record Upstream(String channelId, String keyFingerprint) implements Stored {
    public Upstream {
      Objects.requireNonNull(channelId, "channelId");
    }
  }

  /** What the response id refers to, or null when it is unknown or expired. Counts as a use. */
  Stored find(String responseId);

  /**
   * Records a response kept here: its conversation is the one of {@code previousResponseId} (none
   * when null) followed by {@code turnItems} (the turn's new input items, then its output items). A
   * conversation that then exceeds the limits is dropped. Nothing is recorded when the previous
   * response is unknown by now, or when the response id is taken.
   *
   * @param conversationTokens the conversation's size in tokens after this turn
   * @return true when recorded
   */
  boolean saveLocal(String responseId, String previousResponseId, List<String> turnItems, long conversationTokens);

  /** Records that a response is kept by an upstream channel. */
  void saveUpstream(String responseId, Upstream where);

  /** Drops expired conversations now (implementations also do it on their own). */
  void sweep();

  /** How many conversations are kept. */
  int size();
}
