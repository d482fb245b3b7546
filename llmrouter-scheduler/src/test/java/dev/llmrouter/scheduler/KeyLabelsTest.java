package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmrouter.api.Keys;
import org.junit.jupiter.api.Test;

class KeyFingerprintsTest {
  @Test
  void fingerprintsAreThoseOfKeys() {
    KeyFingerprints fps = new KeyFingerprints(8);
    assertEquals(Keys.fingerprint("sk-one"), fps.of("sk-one"));
    assertEquals(Keys.fingerprint("sk-one"), fps.of("sk-one"));
    assertEquals(Keys.fingerprint("sk-two"), fps.of("sk-two"));
    assertEquals(2, fps.size());
  }

  @Test
  void staysWithinItsCapacity() {
    KeyFingerprints fps = new KeyFingerprints(3);
    for (int i = 0; i < 10; i++) assertEquals(Keys.fingerprint("sk-" + i), fps.of("sk-" + i));
    assertEquals(1, fps.size(), "starts afresh once full");
    assertThrows(IllegalArgumentException.class, () -> new KeyFingerprints(0));
  }

  @Test
  void keysThatLeaveTheSnapshotAreForgotten() {
    RouterFixture f = new RouterFixture(channel("a", "sk-a1", "sk-a2").build(), channel("b").build());
    f.call(null);
    assertEquals(1, f.router.fingerprints.size());
    assertEquals(Keys.fingerprint("sk-a1"), f.outcomes.get(0).keyFingerprint());
    f.router.setSnapshot(snapshot(channel("b").build()));
    assertEquals(0, f.router.fingerprints.size());
    assertEquals("b", f.call(null).channel().id());
    assertEquals(Keys.fingerprint("sk-b"), f.outcomes.get(1).keyFingerprint());
    assertEquals(Keys.fingerprint("sk-b"), f.call(null).keyFingerprint());
    assertEquals(1, f.router.fingerprints.size());
  }
}
