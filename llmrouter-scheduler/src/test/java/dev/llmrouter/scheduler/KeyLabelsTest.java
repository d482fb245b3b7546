package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmrouter.api.Keys;
import org.junit.jupiter.api.Test;

class KeyLabelsTest {
  @Test
  void labelsAreThoseOfKeys() {
    KeyLabels fps = new KeyLabels(8);
    assertEquals(Keys.mask("sk-ant-api03-abcdefgh-9z1x"), fps.mask("sk-ant-api03-abcdefgh-9z1x"));
    assertEquals("sk-ant-a…9z1x", fps.mask("sk-ant-api03-abcdefgh-9z1x"));
    assertEquals(Keys.fingerprint("sk-one"), fps.fingerprint("sk-one"));
    assertEquals(Keys.fingerprint("sk-one"), fps.fingerprint("sk-one"));
    assertEquals(Keys.fingerprint("sk-two"), fps.fingerprint("sk-two"));
    assertEquals(3, fps.size());
  }

  @Test
  void staysWithinItsCapacity() {
    KeyLabels fps = new KeyLabels(3);
    for (int i = 0; i < 10; i++) assertEquals(Keys.fingerprint("sk-" + i), fps.fingerprint("sk-" + i));
    assertEquals(1, fps.size(), "starts afresh once full");
    assertThrows(IllegalArgumentException.class, () -> new KeyLabels(0));
  }

  @Test
  void keysThatLeaveTheSnapshotAreForgotten() {
    RouterFixture f = new RouterFixture(channel("a", "sk-a1", "sk-a2").build(), channel("b").build());
    f.call(null);
    assertEquals(1, f.router.keyLabels.size());
    assertEquals(Keys.fingerprint("sk-a1"), f.outcomes.get(0).keyFingerprint());
    assertEquals(Keys.mask("sk-a1"), f.outcomes.get(0).keyMask());
    f.router.setSnapshot(snapshot(channel("b").build()));
    assertEquals(0, f.router.keyLabels.size());
    assertEquals("b", f.call(null).channel().id());
    assertEquals(Keys.fingerprint("sk-b"), f.outcomes.get(1).keyFingerprint());
    assertEquals(Keys.fingerprint("sk-b"), f.call(null).keyFingerprint());
    assertEquals(1, f.router.keyLabels.size());
  }
}
