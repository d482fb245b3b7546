package dev.llmrouter.server.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest {
  private final TestClock clock = new TestClock();
  private final InMemorySessionStore store = new InMemorySessionStore(SessionLimits.DEFAULT, clock);

  private static List<String> items(String... texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) out.add("{\"text\":\"" + t + "\"}");
    return out;
  }

  @Test
  void turnsChainIntoOneHistoryInOrder() {
    assertTrue(store.saveLocal("resp_1", null, items("in1", "out1"), 10));
    assertTrue(store.saveLocal("resp_2", "resp_1", items("in2", "out2"), 20));
    assertEquals(new SessionStore.Local(items("in1", "out1", "in2", "out2")), store.find("resp_2"));
    assertEquals(new SessionStore.Local(items("in1", "out1")), store.find("resp_1"));
    assertEquals(1, store.size());
  }

  @Test
  void answeringAnOlderResponseBranchesTheConversation() {
    store.saveLocal("resp_1", null, items("in1", "out1"), 10);
    store.saveLocal("resp_2", "resp_1", items("in2", "out2"), 20);
    assertTrue(store.saveLocal("resp_2b", "resp_1", items("other", "answer"), 20));
    assertEquals(new SessionStore.Local(items("in1", "out1", "other", "answer")), store.find("resp_2b"));
    assertEquals(new SessionStore.Local(items("in1", "out1", "in2", "out2")), store.find("resp_2"));
    assertEquals(2, store.size());
  }

  @Test
  void unknownPreviousAndTakenIdsAreNotRecorded() {
    assertFalse(store.saveLocal("resp_2", "resp_missing", items("a"), 1));
    assertNull(store.find("resp_2"));
    store.saveLocal("resp_1", null, items("a"), 1);
    assertFalse(store.saveLocal("resp_1", null, items("b"), 1));
    assertEquals(new SessionStore.Local(items("a")), store.find("resp_1"));
  }

  @Test
  void conversationsExpireTwentyFourHoursAfterTheirLastUse() {
    store.saveLocal("resp_1", null, items("a"), 1);
    clock.advance(Duration.ofHours(23));
    assertTrue(store.find("resp_1") instanceof SessionStore.Local);
    // The lookup was a use: 23 more hours are fine, 24 are not.
    clock.advance(Duration.ofHours(23));
    assertTrue(store.find("resp_1") instanceof SessionStore.Local);
    clock.advance(Duration.ofHours(24));
    assertNull(store.find("resp_1"));
    assertEquals(0, store.size());
  }

  @Test
  void theSweepDropsExpiredConversationsEveryFiveMinutes() {
    store.saveLocal("resp_old", null, items("a"), 1);
    clock.advance(Duration.ofHours(24).minusMinutes(1));
    store.saveLocal("resp_new", null, items("b"), 1);
    clock.advance(Duration.ofMinutes(2));
    assertEquals(2, store.size());
    // The next call after the sweep interval sweeps, whatever it asks for.
    clock.advance(Duration.ofMinutes(5));
    assertNull(store.find("resp_unrelated"));
    assertEquals(1, store.size());
    assertTrue(store.find("resp_new") instanceof SessionStore.Local);
  }

  @Test
  void aConversationOverOneHundredItemsIsDroppedAsAWhole() {
    List<String> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) fifty.add("{\"n\":" + i + "}");
    assertTrue(store.saveLocal("resp_1", null, fifty, 10));
    assertTrue(store.saveLocal("resp_2", "resp_1", fifty, 20));
    assertEquals(100, ((SessionStore.Local) store.find("resp_2")).items().size());
    assertFalse(store.saveLocal("resp_3", "resp_2", items("one more"), 30));
    assertNull(store.find("resp_3"));
    assertNull(store.find("resp_2"));
    assertNull(store.find("resp_1"));
    assertEquals(0, store.size());
  }

  @Test
  void aConversationOverOneHundredThousandTokensIsDropped() {
    assertTrue(store.saveLocal("resp_1", null, items("a"), 100_000));
    assertFalse(store.saveLocal("resp_2", "resp_1", items("b"), 100_001));
    assertNull(store.find("resp_1"));
  }

  @Test
  void theLeastRecentlyUsedConversationGoesWhenThereAreTooMany() {
    InMemorySessionStore small = new InMemorySessionStore(
        new SessionLimits(Duration.ofHours(24), 100, 100_000, 2, 1 << 20, Duration.ofMinutes(5)), clock);
    small.saveLocal("resp_a", null, items("a"), 1);
    small.saveUpstream("resp_b", new SessionStore.Upstream("ch-1", "fp"));
    assertTrue(small.find("resp_a") instanceof SessionStore.Local);
    small.saveLocal("resp_c", null, items("c"), 1);
    assertEquals(2, small.size());
    assertNull(small.find("resp_b"));
    assertTrue(small.find("resp_a") instanceof SessionStore.Local);
    assertTrue(small.find("resp_c") instanceof SessionStore.Local);
  }

  @Test
  void upstreamBindingsNameTheirChannelAndKey() {
    store.saveUpstream("resp_u", new SessionStore.Upstream("ch-resp", "abc123"));
    assertEquals(new SessionStore.Upstream("ch-resp", "abc123"), store.find("resp_u"));
    // A local turn cannot continue an upstream-held conversation.
    assertFalse(store.saveLocal("resp_x", "resp_u", items("a"), 1));
  }

  @Test
  void theLeastRecentlyUsedConversationsGoWhenItemsTakeTooMuchMemory() {
    // 1000 bytes in all; each item below is 2 * 200 = 400 bytes.
    InMemorySessionStore small = new InMemorySessionStore(
        new SessionLimits(Duration.ofHours(24), 100, 100_000, 100, 1000, Duration.ofMinutes(5)), clock);
    String item = "\"" + "x".repeat(198) + "\"";
    small.saveLocal("resp_a", null, List.of(item), 1);
    small.saveLocal("resp_b", null, List.of(item), 1);
    assertEquals(800, small.bytes());
    small.find("resp_a");
    small.saveLocal("resp_c", null, List.of(item), 1);
    assertNull(small.find("resp_b"));
    assertTrue(small.find("resp_a") instanceof SessionStore.Local);
    assertTrue(small.find("resp_c") instanceof SessionStore.Local);
    assertEquals(800, small.bytes());
    // A conversation larger than the whole budget is not kept at all.
    assertFalse(small.saveLocal("resp_big", null, List.of(item, item, item), 1));
    assertEquals(800, small.bytes());
  }
}
