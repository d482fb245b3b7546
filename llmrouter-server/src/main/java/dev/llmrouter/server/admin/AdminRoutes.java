package dev.llmrouter.server.admin;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.server.admin.AdminPaths.Action;
import dev.llmrouter.server.admin.AdminPaths.Route;
import dev.llmrouter.server.config.ChannelStore;
import dev.llmrouter.server.config.SnapshotDiff;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RequestBodies;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /api}, at the original's paths, for each kind {@code k} in
 * {@code messages}, {@code responses} and {@code gemini}:
 *
 * <pre>
 * GET    /api/{k}/channels                      list
 * POST   /api/{k}/channels                      add (201)
 * PUT    /api/{k}/channels/{id}                 partial update
 * DELETE /api/{k}/channels/{id}                 remove
 * POST   /api/{k}/channels/{id}/keys            add a key {"apiKey": "..."}
 * DELETE /api/{k}/channels/{id}/keys/{key}      remove a key (value or fingerprint)
 * POST   /api/{k}/channels/{id}/keys/{key}/top  move a key first (or .../bottom: last)
 * POST   /api/{k}/channels/reorder              {"order": [id, ...]} sets priorities 1..n
 * PATCH  /api/{k}/channels/{id}/status          {"status": "active|suspended|disabled"}
 * POST   /api/{k}/channels/{id}/promotion       {"duration": seconds}; 0 ends it
 * POST   /api/{k}/channels/{id}/resume          clears the channel's breaker state
 * GET    /api/{k}/ping[/{id}]                   reachability, latency and key check
 * GET    /api/settings/fuzzy-mode               {"fuzzyModeEnabled": bool}
 * PUT    /api/settings/fuzzy-mode               {"enabled": bool}
 * </pre>
 *
 * {@code {id}} is a channel's stable id, or its list position when purely numeric (ids never are);
 * {@code {key}} is a key's value (percent-encoded) or the fingerprint the list shows. Answers carry
 * channels as {@code {"channel": ...}} or {@code {"channels": [...]}} with every key masked and
 * fingerprinted, never in full. Errors are {@code {"error": {"field": ..., "message": ...}}}: 400
 * (invalid; checked before anything changes, nothing written), 404 (unknown channel or key), 405,
 * 413 (body over 1 MiB) or 500 (the file could not be written; nothing changed). Every write goes
 * through the {@link ChannelStore} (backup, atomic write, snapshot swap). All routes need the admin
 * key (401 in the shape {@link ServerContext#requireAdmin} gives) and run on a worker thread.
 * This class is thread-safe.
 */
public final class AdminRoutes implements RouteSet {
  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  /** The largest admin request body. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final ChannelStore store;
  private final ChannelRuntime runtime;
  private final ChannelEdits edits;
  private final ChannelPing ping;

  /** Admin routes whose pings time out after 5 seconds. */
  public AdminRoutes(ChannelStore store, ChannelRuntime runtime, OkHttpClient client, Clock clock) {
    this(store, runtime, client, clock, Duration.ofSeconds(5));
  }

  public AdminRoutes(ChannelStore store, ChannelRuntime runtime, OkHttpClient client, Clock clock,
      Duration pingTimeout) {
    this.store = store;
    this.runtime = runtime;
    this.edits = new ChannelEdits(store.file().codec(), clock);
    this.ping = new ChannelPing(client, pingTimeout, System::nanoTime);
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (!path.startsWith("/api/")) return false;
    AdminPaths.Match match = AdminPaths.match(method, AdminPaths.segments(exchange));
    if (match == null) return false;
    if (!ctx.requireAdmin(exchange, match.logPath())) return true;
    if (match.route() == null) {
      exchange.getResponseHeaders().put(Headers.ALLOW, match.allowed());
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      Exchanges.sendJson(exchange, 405, Json.write(new AdminException(405, null,
          "method " + method + " is not allowed here; use " + match.allowed()).body()));
      return true;
    }
    Route route = match.route();
    ctx.dispatch(exchange, Protocol.OPENAI_CHAT, () -> run(exchange, route));
    return true;
  }

  private void run(HttpServerExchange exchange, Route r) {
    int status = 200;
    JsonObject answer;
    try {
      exchange.startBlocking();
      JsonObject body = r.action().needsBody ? readBody(exchange) : null;
      answer = execute(r, body, Exchanges.clientAddress(exchange));
      if (r.action() == Action.CREATE) status = 201;
    } catch (AdminException e) {
      status = e.status();
      answer = e.body();
    } catch (IOException e) {
      log.warn("[Admin-Save] {} failed; nothing changed: {}", r.logPath(), e.toString());
      status = 500;
      answer = new AdminException(500, null, "the channel file could not be written; nothing changed: "
          + e.getMessage()).body();
    } catch (RuntimeException e) {
      log.error("[Admin-Error] {} failed: {}", r.logPath(), e.toString());
      status = 500;
      answer = new AdminException(500, null, "internal error: " + e.getClass().getSimpleName()).body();
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    Exchanges.sendJson(exchange, status, Json.write(answer));
  }

  private JsonObject execute(Route r, JsonObject body, String ip) throws IOException {
    ApiKind kind = r.kind();
    AtomicReference<ChannelEdits.Edit> done = new AtomicReference<>();
    Change change = new Change(ip);
    switch (r.action()) {
      case LIST: {
        ChannelSnapshot snap = store.snapshot();
        return new JsonObject().put("channels", ChannelViews.all(snap, kind)).put("loadBalance", loadBalance(snap, kind));
      }
      case CREATE:
        update(change, s -> keep(done, edits.create(s, kind, body)));
        logChange(change, kind, "create", done.get().id(), null);
        return ChannelViews.wrapped(done.get().next(), kind, done.get().id());
      case UPDATE: {
        update(change, s -> keep(done, edits.update(s, kind, r.id(), body)));
        ChannelEdits.Edit e = done.get();
        logChange(change, kind, "update", e.id(), null);
        if (e.keySwapped()) runtime.resume(kind, e.id());
        return ChannelViews.wrapped(e.next(), kind, e.id());
      }
      case DELETE: {
        AtomicReference<JsonObject> removed = new AtomicReference<>();
        update(change, s -> {
          int i = ChannelEdits.position(s, kind, r.id());
          removed.set(ChannelViews.channel(s.channels(kind).get(i), i));
          return keep(done, edits.delete(s, kind, r.id()));
        });
        logChange(change, kind, "delete", done.get().id(), null);
        return JsonObject.of("channel", removed.get());
      }
      case ADD_KEY:
        update(change, s -> keep(done, edits.addKey(s, kind, r.id(), body)));
        logChange(change, kind, "add-key", done.get().id(), done.get().key());
        return ChannelViews.wrapped(done.get().next(), kind, done.get().id());
      case REMOVE_KEY:
        update(change, s -> keep(done, edits.removeKey(s, kind, r.id(), r.key())));
        logChange(change, kind, "remove-key", done.get().id(), done.get().key());
        return ChannelViews.wrapped(done.get().next(), kind, done.get().id());
      case KEY_TOP:
      case KEY_BOTTOM:
        update(change, s -> keep(done, edits.moveKey(s, kind, r.id(), r.key(), r.action() == Action.KEY_TOP)));
        logChange(change, kind, r.action() == Action.KEY_TOP ? "key-top" : "key-bottom", done.get().id(), done.get().key());
        return ChannelViews.wrapped(done.get().next(), kind, done.get().id());
      case REORDER: {
        ChannelSnapshot next = update(change, s -> edits.reorder(s, kind, body));
        logChange(change, kind, "reorder", "-", null);
        return JsonObject.of("channels", ChannelViews.all(next, kind));
      }
      case STATUS:
        update(change, s -> keep(done, edits.setStatus(s, kind, r.id(), body)));
        logChange(change, kind, "status", done.get().id(), null);
        return ChannelViews.wrapped(done.get().next(), kind, done.get().id());
      case PROMOTION:
        update(change, s -> keep(done, edits.promote(s, kind, r.id(), body)));
        logChange(change, kind, "promotion", done.get().id(), null);
        return ChannelViews.wrapped(done.get().next(), kind, done.get().id());
      case RESUME: {
        ChannelSnapshot snap = store.snapshot();
        Channel c = snap.channels(kind).get(ChannelEdits.position(snap, kind, r.id()));
        runtime.resume(kind, c.id());
        log.info("[Admin-Resume] from={} kind={} channel={} ({})", ip, kind.pathName(), c.displayName(), c.id());
        return ChannelViews.wrapped(snap, kind, c.id()).put("resumed", true);
      }
      case PING: {
        ChannelSnapshot snap = store.snapshot();
        int i = ChannelEdits.position(snap, kind, r.id());
        return ping.pingAll(List.of(snap.channels(kind).get(i)), List.of(i)).get(0).asObject();
      }
      case PING_ALL: {
        List<Channel> list = store.snapshot().channels(kind);
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) indexes.add(i);
        return JsonObject.of("channels", ping.pingAll(list, indexes));
      }
      case FUZZY_GET:
        return new JsonObject().put("fuzzyModeEnabled", store.snapshot().fuzzyModeEnabled());
      case FUZZY_PUT: {
        ChannelSnapshot next = update(change, s -> ChannelEdits.fuzzyMode(s, body));
        log.info("[Admin-Change] from={} fuzzyModeEnabled={}", ip, next.fuzzyModeEnabled());
        return new JsonObject().put("fuzzyModeEnabled", next.fuzzyModeEnabled());
      }
      default:
        throw new IllegalStateException("unhandled admin action " + r.action());
    }
  }

  private static ChannelSnapshot keep(AtomicReference<ChannelEdits.Edit> holder, ChannelEdits.Edit edit) {
    holder.set(edit);
    return edit.next();
  }

  /** The snapshots before and after an admin change, and who made it. */
  private static final class Change {
    final String ip;
    ChannelSnapshot before;
    ChannelSnapshot after;

    Change(String ip) {
      this.ip = ip;
    }
  }

  /** Applies a change through the store, remembering the snapshots on both sides for the log line. */
  private ChannelSnapshot update(Change change, java.util.function.UnaryOperator<ChannelSnapshot> op)
      throws IOException {
    ChannelSnapshot next = store.update(s -> {
      change.before = s;
      return op.apply(s);
    });
    change.after = next;
    return next;
  }

  /**
   * Logs a change: who (the client address), what (action, channel, the names of the fields that
   * changed), a key only by its fingerprint.
   */
  private static void logChange(Change change, ApiKind kind, String action, String channelId, String key) {
    String name = channelId;
    String fields = "";
    if (change.after != null && change.before != null) {
      Channel now = find(change.after, kind, channelId);
      Channel old = find(change.before, kind, channelId);
      if (now != null) name = now.displayName();
      else if (old != null) name = old.displayName();
      if (now != null && old != null) fields = String.join(",", SnapshotDiff.changedFields(old, now));
      else if (action.equals("reorder")) fields = "order";
    }
    if (key == null) {
      log.info("[Admin-Change] from={} kind={} action={} channel={} fields=[{}]", change.ip, kind.pathName(), action,
          name, fields);
    } else {
      log.info("[Admin-Change] from={} kind={} action={} channel={} fields=[{}] key={}", change.ip, kind.pathName(),
          action, name, fields, Keys.fingerprint(key));
    }
  }

  private static Channel find(ChannelSnapshot snap, ApiKind kind, String id) {
    for (Channel c : snap.channels(kind)) {
      if (c.id().equals(id)) return c;
    }
    return null;
  }

  private static String loadBalance(ChannelSnapshot snap, ApiKind kind) {
    String member = kind == ApiKind.MESSAGES ? "loadBalance" : kind.pathName() + "LoadBalance";
    return snap.extra().getString(member, "failover");
  }

  /** Reads a JSON object body of at most {@link #MAX_BODY_BYTES}; the exchange is in blocking mode. */
  static JsonObject readBody(HttpServerExchange exchange) {
    byte[] bytes;
    try {
      bytes = RequestBodies.read(exchange, MAX_BODY_BYTES);
    } catch (RequestBodies.TooLargeException e) {
      // The rest of the body is not read: the connection closes after the answer.
      exchange.setPersistent(false);
      throw new AdminException(413, null, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
    } catch (IOException e) {
      throw AdminException.badRequest("$", "the request body could not be read: " + e.getMessage());
    }
    if (bytes.length == 0) throw AdminException.badRequest("$", "expected a JSON object body");
    JsonValue v;
    try {
      RoutingFields.validate(bytes);
      v = Json.parse(bytes);
    } catch (MalformedJsonException e) {
      throw AdminException.badRequest("$", "the body is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof JsonObject o)) throw AdminException.badRequest("$", "expected a JSON object body");
    return o;
  }
}
