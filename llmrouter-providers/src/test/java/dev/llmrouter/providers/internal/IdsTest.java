package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void idsAreTwentyFourAlphanumericsAndDoNotRepeat() {
    Ids ids = new Ids(new SecureRandom());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.get();
      assertTrue(id.matches("[A-Za-z0-9]{24}"), id);
      seen.add(id);
    }
    assertEquals(10_000, seen.size());
  }
}
