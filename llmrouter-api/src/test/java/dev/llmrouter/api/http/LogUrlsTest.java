package dev.llmrouter.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogUrlsTest {
  @Test
  void userInfoQueryAndFragmentAreRemoved() {
    assertEquals("https://relay.example/v1", LogUrls.redact("https://bob:s3cret@relay.example/v1?key=abc#x"));
    assertEquals("https://relay.example:8443", LogUrls.redact("https://token@relay.example:8443?k=1"));
    assertEquals("http://h/p@q", LogUrls.redact("http://h/p@q"));
  }

  @Test
  void plainUrlsStayAsTheyAre() {
    assertEquals("https://api.anthropic.com", LogUrls.redact("https://api.anthropic.com"));
    assertEquals("", LogUrls.redact(null));
  }
}
