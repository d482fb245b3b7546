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
    for (int i = 0; i < 20_000; i++) {
      String id = AccessLog.newRequestId();
      assertTrue(id.matches("req_[0-9a-f]{24}"), id);
      assertTrue(seen.add(id), "repeated: " + id);
    }
  }

  @Test
  void theFirstTwelveDigitsAreTheMillisecondAndTheOtherTwelveTheLowRandomBits() {
    assertEquals("req_019ae6a1b2c3" + "4d5e6f708090", AccessLog.newRequestId(0x019ae6a1b2c3L, 0xffff4d5e6f708090L));
    // Zero-padded at every width: a small time and small random bits keep 24 digits.
    assertEquals("req_000000000001" + "000000000002", AccessLog.newRequestId(1, 2));
    long now = System.currentTimeMillis();
    String id = AccessLog.newRequestId();
    long stamped = Long.parseLong(id.substring(4, 16), 16);
    assertTrue(stamped >= now && stamped <= System.currentTimeMillis(), id + " made at " + now);
  }

  @Test
  void idsOfLaterMillisecondsSortAfterEarlierOnes() {
    // What keeps the request log's index on request_id appended at its end rather than written
    // all over: an id of a later millisecond sorts after every id of an earlier one.
    String earlier = AccessLog.newRequestId(1_764_000_000_000L, -1L);
    String later = AccessLog.newRequestId(1_764_000_000_001L, 0L);
    assertTrue(earlier.compareTo(later) < 0, earlier + " / " + later);
    String a = AccessLog.newRequestId();
    long t = System.currentTimeMillis();
    while (System.currentTimeMillis() == t) Thread.onSpinWait();
    String b = AccessLog.newRequestId();
    assertTrue(a.compareTo(b) < 0, a + " / " + b);
  }

  @Test
  void aUsableClientIdIsKeptAndAnUnusableOneReplaced() {
    assertEquals("client-id_7", AccessLog.requestId("client-id_7"));
    assertTrue(AccessLog.requestId("has space").startsWith("req_"));
    assertTrue(AccessLog.requestId("x".repeat(129)).startsWith("req_"));
    assertTrue(AccessLog.requestId(null).startsWith("req_"));
  }
}
