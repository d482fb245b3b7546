package dev.llmrouter.server.sessions;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.convert.tokens.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Responses request's part in its conversation: the request to route (with the history
 * expanded, or pinned to the channel that holds it), or the error to answer instead; and, after the
 * answer, what to record. Not thread-safe; one per request, used by the thread that serves it.
 */
public final class Turn {
  private static final Logger log = LoggerFactory.getLogger(Turn.class);

  /** A turn that neither changes the request nor records anything. */
  static Turn passthrough(ClientRequest request) {
    return new Turn(null, request, null, 0, null, null, null, false);
  }

  /** A turn that records its answer; its input items are read from {@code original} when needed. */
  static Turn recording(SessionStore store, ClientRequest routed, ClientRequest original) {
    return new Turn(store, routed, null, 0, null, null, null, true, original);
  }

  static Turn rejected(ClientRequest request, int status, byte[] body) {
    return new Turn(null, request, body, status, null, null, null, false);
  }

  private final SessionStore store;
  private final ClientRequest request;
  private final byte[] rejection;
  private final int rejectionStatus;
  private final String localPrevious;
  private final ClientRequest original;
  private JsonArray newInput;
  private final JsonArray history;
  private final boolean record;
  private final ResponseCapture capture = new ResponseCapture();
  private boolean pinned;
  private boolean saved;

  Turn(SessionStore store, ClientRequest request, byte[] rejection, int rejectionStatus, String localPrevious,
      JsonArray newInput, JsonArray history, boolean record) {
    this(store, request, rejection, rejectionStatus, localPrevious, newInput, history, record, null);
  }

  private Turn(SessionStore store, ClientRequest request, byte[] rejection, int rejectionStatus, String localPrevious,
      JsonArray newInput, JsonArray history, boolean record, ClientRequest original) {
    this.original = original;
    this.store = store;
    this.request = request;
    this.rejection = rejection;
    this.rejectionStatus = rejectionStatus;
    this.localPrevious = localPrevious;
    this.newInput = newInput;
    this.history = history;
    this.record = record;
  }

  /** Marks a turn whose conversation an upstream holds. */
  Turn pinned() {
    pinned = true;
    return this;
  }

  /** The request to route. */
  public ClientRequest request() {
    return request;
  }

  /** True when the answer is recorded (the turn must see it); false when the turn is done once routed. */
  public boolean records() {
    return record;
  }

  /** True when the request must not be routed: answer {@link #rejectionStatus()} and {@link #rejectionBody()}. */
  public boolean rejected() {
    return rejection != null;
  }

  public int rejectionStatus() {
    return rejectionStatus;
  }

  /** The error body (OpenAI's shape) of a rejected turn. */
  public byte[] rejectionBody() {
    return rejection == null ? null : rejection.clone();
  }

  /**
   * Takes a non-streamed answer and records the turn when it succeeded ({@code keyFingerprint}: the
   * key that answered, or null when unknown). Call it before the body is
   * written, so that a client's next turn always finds this one.
   */
  public void onBody(int status, Channel channel, String keyFingerprint, byte[] body) {
    if (!record || saved || status < 200 || status >= 300) return;
    capture.body(body);
    save(channel, keyFingerprint);
  }

  /**
   * Takes one frame of a streamed answer before it is written to the client; the turn is recorded
   * when the frame holds the final response event.
   */
  public void onFrame(int status, Channel channel, String keyFingerprint, StreamFrame frame) {
    if (!record || saved || frame.error() || status < 200 || status >= 300) return;
    capture.frame(frame.bytes());
    save(channel, keyFingerprint);
  }

  private void save(Channel channel, String keyFingerprint) {
    JsonObject response = capture.response();
    if (response == null || channel == null) return;
    saved = true;
    String id = response.getString("id");
    if (pinned && channel.protocol() != Protocol.RESPONSES) {
      log.warn("[Sessions-Save] response {} of a pinned turn came from channel {}, which cannot hold it; not recorded",
          id, channel.id());
      return;
    }
    if (channel.protocol() == Protocol.RESPONSES) {
      // The upstream keeps this conversation (unless the client said store: false, checked before).
      store.saveUpstream(id, new SessionStore.Upstream(channel.id(), keyFingerprint));
      return;
    }
    if (newInput == null) newInput = ResponsesSessions.inputItems(original);
    List<String> items = new ArrayList<>();
    for (JsonValue v : newInput) items.add(Json.writeString(v));
    JsonArray output = response.getArray("output");
    if (output != null) {
      for (JsonValue v : output) items.add(Json.writeString(v));
    }
    store.saveLocal(id, localPrevious, items, tokens(response, output));
  }

  /** The conversation's size: the answer's input plus output tokens, or an estimate of its items. */
  private long tokens(JsonObject response, JsonArray output) {
    JsonObject usage = response.getObject("usage");
    if (usage != null && usage.getNumber("input_tokens") != null) {
      return usage.getLong("input_tokens", 0) + usage.getLong("output_tokens", 0);
    }
    long tokens = TokenEstimator.items(newInput);
    if (history != null) tokens += TokenEstimator.items(history);
    if (output != null) tokens += TokenEstimator.items(output);
    return tokens;
  }
}
