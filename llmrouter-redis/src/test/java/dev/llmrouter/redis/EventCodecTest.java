package dev.llmrouter.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.scheduler.StateEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  @Test
  void everyEventSurvivesTheTrip() {
    List<StateEvent> events = List.of(
        new StateEvent.Outcome(ApiKind.MESSAGES, "ch-1", "https://a.example/v1", "fp1", 3, 1, 1000),
        new StateEvent.BreakerOpened(ApiKind.RESPONSES, "ch-2", "https://b.example", "fp2", 2000),
        new StateEvent.BreakerClosed(ApiKind.GEMINI, "ch-3", "https://c.example", "fp3"),
        new StateEvent.KeyCooling(ApiKind.MESSAGES, "ch-1", "fp1", 5000, 4),
        new StateEvent.KeyRecovered(ApiKind.MESSAGES, "ch-1", "fp1"),
        new StateEvent.UrlCooling(ApiKind.MESSAGES, "ch-1", "https://a.example/v1", 6000, 2),
        new StateEvent.UrlRecovered(ApiKind.MESSAGES, "ch-1", "https://a.example/v1"),
        new StateEvent.Resumed(ApiKind.MESSAGES, "ch-1"),
        new StateEvent.AffinityBound(ApiKind.MESSAGES, "session \"1\"", "ch-1", 60_000));
    for (StateEvent e : events) {
      EventCodec.Message m = EventCodec.decode(EventCodec.encode("me", e));
      assertEquals("me", m.sender());
      assertEquals(List.of(e), m.events());
    }
  }

  @Test
  void aBatchOfOutcomesIsOneMessage() {
    List<StateEvent.Outcome> batch = List.of(
        new StateEvent.Outcome(ApiKind.MESSAGES, "ch-1", "https://a.example", "fp1", 10, 0, 1000),
        new StateEvent.Outcome(ApiKind.MESSAGES, "ch-2", "https://b.example", "fp2", 0, 7, 1001));
    EventCodec.Message m = EventCodec.decode(EventCodec.encodeOutcomes("other", batch));
    assertEquals("other", m.sender());
    assertEquals(batch, m.events());
  }

  @Test
  void somethingElseIsRefused() {
    assertThrows(RuntimeException.class, () -> EventCodec.decode("{\"t\":\"nonsense\",\"kind\":\"messages\"}"));
    assertThrows(RuntimeException.class, () -> EventCodec.decode("not json"));
  }

  @Test
  void settingsHideThePasswordAndRefuseOtherSchemes() {
    RedisSettings s = new RedisSettings("redis://user:secret@host:6379/1", "p:", Duration.ofMillis(100));
    assertEquals("redis://***@host:6379/1", s.safeUrl());
    assertEquals("RedisSettings{url=redis://***@host:6379/1, keyPrefix=p:, timeout=PT0.1S}", s.toString());
    assertThrows(IllegalArgumentException.class, () -> new RedisSettings("http://host", "p:", Duration.ofMillis(1)));
    assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis://host", "p:", Duration.ZERO));
  }
}
