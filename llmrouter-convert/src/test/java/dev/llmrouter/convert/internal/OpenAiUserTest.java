package dev.llmrouter.convert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenAiUserTest {
  private static final String CLAUDE_CODE_USER = "{\"device_id\":\"f2050dde2377895d2b37777f47e9114dbc36fd36d59087ed7b1bc6f7f2b95031\","
      + "\"account_uuid\":\"\",\"session_id\":\"95d1f63d-fe90-4eeb-b5a7-54390bff51e5\"}";

  @Test
  void shortIdsStayAndLongOnesBecomeAStableDigest() {
    assertNull(OpenAiUser.of(null));
    assertEquals("user-42", OpenAiUser.of("user-42"));
    String sixtyFour = "x".repeat(64);
    assertEquals(sixtyFour, OpenAiUser.of(sixtyFour));
    String digest = OpenAiUser.of(CLAUDE_CODE_USER);
    assertTrue(digest.length() <= OpenAiUser.MAX_LENGTH, digest);
    assertTrue(digest.matches("u-[0-9a-f]{40}"), digest);
    assertEquals(digest, OpenAiUser.of(CLAUDE_CODE_USER));
    assertTrue(!digest.equals(OpenAiUser.of(CLAUDE_CODE_USER.replace("95d1", "95d2"))));
  }
}
