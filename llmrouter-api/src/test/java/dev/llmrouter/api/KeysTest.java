package dev.llmrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void masksShowAtMostTheEnds() {
    assertEquals("sk-ant-a…9z1x", Keys.mask("sk-ant-api03-abcdefghijk9z1x"));
    assertEquals("sk…yz", Keys.mask("sk-abcdefxyz"));
    assertEquals("***", Keys.mask("short"));
    assertEquals("", Keys.mask(""));
  }

  @Test
  void fingerprintsAreStableAndDistinct() {
    assertEquals(Keys.fingerprint("sk-1"), Keys.fingerprint("sk-1"));
    assertNotEquals(Keys.fingerprint("sk-1"), Keys.fingerprint("sk-2"));
    assertEquals(12, Keys.fingerprint("sk-1").length());
  }
}
