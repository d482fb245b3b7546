package dev.llmrouter.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void newIdsAreTwentyFourLowercaseHexDigitsAfterThePrefixAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    boolean leadingZero = false;
    for (int i = 0; i < 20_000; i++) {
      String id = AccessLog.newRequestId();
      assertTrue(id.matches("req_[0-9a-f]{24}"), id);
      leadingZero |= id.charAt(4) == '0' || id.charAt(20) == '0';
      assertTrue(seen.add(id), "repeated: " + id);
    }
    assertTrue(leadingZero, "each part is zero-padded to its width");
  }

  @Test
  void aUsableClientIdIsKeptAndAnUnusableOneReplaced() {
    assertEquals("client-id_7", AccessLog.requestId("client-id_7"));
    assertTrue(AccessLog.requestId("has space").startsWith("req_"));
    assertTrue(AccessLog.requestId("x".repeat(129)).startsWith("req_"));
    assertTrue(AccessLog.requestId(null).startsWith("req_"));
  }
}
