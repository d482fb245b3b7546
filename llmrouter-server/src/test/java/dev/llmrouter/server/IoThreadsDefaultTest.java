package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IoThreadsDefaultTest {
  @Test
  void twoPerCore() {
    assertEquals(4, RouterServer.defaultIoThreads(2));
    assertEquals(16, RouterServer.defaultIoThreads(8));
  }

  @Test
  void atLeastTwoSoAPinnedServerKeepsTwo() {
    assertEquals(2, RouterServer.defaultIoThreads(1));
    assertEquals(2, RouterServer.defaultIoThreads(0));
  }
}
