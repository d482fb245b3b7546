package dev.llmrouter.redis;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.scheduler.StateEvent;
import dev.llmrouter.scheduler.StateEvent.AffinityBound;
import dev.llmrouter.scheduler.StateEvent.BreakerClosed;
import dev.llmrouter.scheduler.StateEvent.BreakerOpened;
import dev.llmrouter.scheduler.StateEvent.KeyCooling;
import dev.llmrouter.scheduler.StateEvent.KeyRecovered;
import dev.llmrouter.scheduler.StateEvent.Outcome;
import dev.llmrouter.scheduler.StateEvent.Resumed;
import dev.llmrouter.scheduler.StateEvent.UrlCooling;
import dev.llmrouter.scheduler.StateEvent.UrlRecovered;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StateEvent}s as compact JSON texts, each with the id of the router that published it (so a
 * router skips its own). Stateless.
 */
final class EventCodec {
  /** A decoded message: who sent it, and what (a batch of outcomes is several events). */
  record Message(String sender, List<StateEvent> events) {}

  private EventCodec() {}

  static String encode(String sender, StateEvent e) {
    return Json.writeString(fields(e).put("from", sender));
  }

  /** Outcomes gathered over a short time, as one message. */
  static String encodeOutcomes(String sender, List<Outcome> outcomes) {
    JsonArray list = new JsonArray();
    for (Outcome o : outcomes) list.add(fields(o));
    return Json.writeString(new JsonObject().put("from", sender).put("t", "outcomes").put("list", list));
  }

  private static JsonObject fields(StateEvent e) {
    JsonObject o = new JsonObject().put("kind", e.kind().pathName()).put("ch", e.channelId());
    if (e instanceof Outcome x) {
      o.put("t", "outcome").put("url", x.baseUrl()).put("key", x.keyFingerprint()).put("ok", x.successes())
          .put("fail", x.failures()).put("at", x.atMillis());
    } else if (e instanceof BreakerOpened x) {
      o.put("t", "opened").put("url", x.baseUrl()).put("key", x.keyFingerprint()).put("at", x.openedAtMillis());
    } else if (e instanceof BreakerClosed x) {
      o.put("t", "closed").put("url", x.baseUrl()).put("key", x.keyFingerprint());
    } else if (e instanceof KeyCooling x) {
      o.put("t", "key-cooling").put("key", x.keyFingerprint()).put("until", x.untilMillis())
          .put("n", x.consecutiveFailures());
    } else if (e instanceof KeyRecovered x) {
      o.put("t", "key-recovered").put("key", x.keyFingerprint());
    } else if (e instanceof UrlCooling x) {
      o.put("t", "url-cooling").put("url", x.baseUrl()).put("until", x.untilMillis()).put("n", x.consecutiveFailures());
    } else if (e instanceof UrlRecovered x) {
      o.put("t", "url-recovered").put("url", x.baseUrl());
    } else if (e instanceof Resumed) {
      o.put("t", "resumed");
    } else if (e instanceof AffinityBound x) {
      o.put("t", "affinity").put("trace", x.trace()).put("ttl", x.ttlMillis());
    }
    return o;
  }

  /**
   * @throws RuntimeException when the text is not a message of this codec
   */
  static Message decode(String text) {
    JsonObject o = Json.parseObject(text);
    List<StateEvent> events = new ArrayList<>();
    if ("outcomes".equals(o.getString("t"))) {
      for (JsonValue v : o.getArray("list")) events.add(event(v.asObject()));
    } else {
      events.add(event(o));
    }
    return new Message(o.getString("from", ""), events);
  }

  private static StateEvent event(JsonObject o) {
    ApiKind kind = ApiKind.ofPathName(o.getString("kind"));
    String ch = o.getString("ch");
    String t = o.getString("t");
    StateEvent e = switch (t) {
      case "outcome" -> new Outcome(kind, ch, o.getString("url"), o.getString("key"), (int) o.getLong("ok", 0),
          (int) o.getLong("fail", 0), o.getLong("at", 0));
      case "opened" -> new BreakerOpened(kind, ch, o.getString("url"), o.getString("key"), o.getLong("at", 0));
      case "closed" -> new BreakerClosed(kind, ch, o.getString("url"), o.getString("key"));
      case "key-cooling" -> new KeyCooling(kind, ch, o.getString("key"), o.getLong("until", 0), (int) o.getLong("n", 1));
      case "key-recovered" -> new KeyRecovered(kind, ch, o.getString("key"));
      case "url-cooling" -> new UrlCooling(kind, ch, o.getString("url"), o.getLong("until", 0), (int) o.getLong("n", 1));
      case "url-recovered" -> new UrlRecovered(kind, ch, o.getString("url"));
      case "resumed" -> new Resumed(kind, ch);
      case "affinity" -> new AffinityBound(kind, o.getString("trace"), ch, o.getLong("ttl", 0));
      default -> throw new IllegalArgumentException("unknown event type " + t);
    };
    return e;
  }
}
