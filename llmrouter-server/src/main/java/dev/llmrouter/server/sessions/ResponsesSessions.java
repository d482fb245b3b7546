package dev.llmrouter.server.sessions;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversation state of the Responses API ({@code previous_response_id}, {@code store}).
 *
 * <p>Answers of converting channels (claude, openai, gemini) are kept here: the turn's input items
 * and the answer's output items, streamed answers included, and the next turn's request is sent
 * with the whole history in order and without {@code previous_response_id}. Answers of
 * {@code responses} channels are kept by their upstream: the next turn keeps its
 * {@code previous_response_id} and is pinned to the channel that produced the response, by the
 * {@link RoutingHints} (channel id, and key fingerprint when known), which the router honours and
 * no upstream ever sees. {@code store: false} records nothing.
 * An unknown or expired id is answered 404 in OpenAI's shape before any channel is asked.
 *
 * <p>This class is thread-safe.
 */
public final class ResponsesSessions {
  private static final Logger log = LoggerFactory.getLogger(ResponsesSessions.class);
  /** The channel a request must go to: a request attribute for the router, never forwarded upstream. */
  public static final String PIN_CHANNEL = RoutingHints.PIN_CHANNEL;
  /** The fingerprint of the key a pinned request must use. */
  public static final String PIN_KEY = RoutingHints.PIN_KEY;

  private final SessionStore store;
  private final Supplier<ChannelSnapshot> snapshot;

  /**
   * @param store where conversations are kept, or null to keep none: Responses requests then pass as
   *     they are (only client-sent routing hints are removed)
   */
  public ResponsesSessions(SessionStore store, Supplier<ChannelSnapshot> snapshot) {
    this.store = store;
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
  }

  /** The store, or null when conversations are not kept. */
  public SessionStore store() {
    return store;
  }

  /**
   * Starts a request's turn. Requests other than {@code POST /v1/responses} pass untouched, except
   * that any {@link RoutingHints} header a client sent is removed from every request.
   *
   * @return the turn, whose {@link Turn#request()} is what to route (or which is rejected)
   */
  public Turn begin(ClientRequest request) {
    // Routing hints are llmrouter's own: whatever a client sends under that prefix is dropped.
    ClientRequest clean = RoutingHints.withoutHints(request);
    if (store == null || clean.kind() != ApiKind.RESPONSES || !clean.operation().equals("responses")) {
      return Turn.passthrough(clean);
    }
    RoutingFields f = clean.fields();
    boolean record = !Boolean.FALSE.equals(f.store());
    String previous = f.previousResponseId();
    if (previous == null || previous.isEmpty()) {
      if (!record) return Turn.passthrough(clean);
      return Turn.recording(store, clean, clean);
    }
    SessionStore.Stored stored = store.find(previous);
    if (stored == null) {
      log.info("[Sessions-Lookup] previous_response_id {} is unknown or expired", previous);
      return Turn.rejected(clean, 404, notFound(previous, "Previous response with id '" + previous + "' not found."));
    }
    if (stored instanceof SessionStore.Upstream up) {
      Optional<Channel> channel = snapshot.get().find(ApiKind.RESPONSES, up.channelId());
      if (channel.isEmpty() || channel.get().status() == ChannelStatus.DISABLED) {
        return Turn.rejected(clean, 404, notFound(previous, "Previous response with id '" + previous
            + "' is held by a channel that is no longer available."));
      }
      ClientRequest pinned = RoutingHints.pin(clean, up.channelId(), up.keyFingerprint());
      if (!record) return Turn.passthrough(pinned);
      return Turn.recording(store, pinned, clean).pinned();
    }
    SessionStore.Local local = (SessionStore.Local) stored;
    JsonObject body;
    try {
      body = Json.parseObject(clean.body());
    } catch (MalformedJsonException e) {
      return Turn.passthrough(clean);
    }
    JsonArray history = new JsonArray();
    for (String item : local.items()) history.add(Json.parse(item));
    JsonArray input = inputItems(body);
    JsonArray expanded = history.copy();
    for (JsonValue v : input) expanded.add(v.copy());
    body.put("input", expanded);
    body.remove("previous_response_id");
    byte[] bytes = Json.write(body);
    RoutingFields fields = RoutingFields.scan(bytes);
    ClientRequest rebuilt = new ClientRequest(clean.kind(), clean.operation(), clean.path(), clean.rawQuery(),
        clean.headers(), bytes, fields, clean.model(), clean.stream());
    return new Turn(store, rebuilt, null, 0, record ? previous : null, input, history, record);
  }

  static JsonArray inputItems(ClientRequest r) {
    try {
      return inputItems(Json.parseObject(r.body()));
    } catch (MalformedJsonException e) {
      return new JsonArray();
    }
  }

  /** The request's {@code input} as items: a string is one user message. */
  static JsonArray inputItems(JsonObject body) {
    JsonValue input = body.get("input");
    JsonArray items = new JsonArray();
    if (input instanceof JsonString s) {
      items.add(new JsonObject().put("type", "message").put("role", "user").put("content", s.value()));
    } else if (input instanceof JsonArray a) {
      for (JsonValue v : a) items.add(v.copy());
    }
    return items;
  }

  /** OpenAI's error for a previous response it does not have. */
  static byte[] notFound(String id, String message) {
    JsonObject error = new JsonObject().put("message", message).put("type", "invalid_request_error")
        .put("param", "previous_response_id").put("code", "previous_response_not_found");
    return Json.write(JsonObject.of("error", error));
  }
}
