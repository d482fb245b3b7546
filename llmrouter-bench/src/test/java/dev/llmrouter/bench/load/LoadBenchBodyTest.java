package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The load benchmark's {@code --body}: a recorded request sent with each scenario's stream flag. */
class LoadBenchBodyTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void theStreamFlagIsReplacedAndEveryOtherMemberKeptAsItWas() {
    byte[] recorded = bytes("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":32000,\"temperature\":1.0,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"stream\\\":true\"}],\"stream\":true}");
    assertEquals("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":32000,\"temperature\":1.0,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"stream\\\":true\"}],\"stream\":false}",
        text(LoadBench.withStream(recorded, false, null)));
    assertEquals("{\"model\":\"m\",\"stream\":true}", text(LoadBench.withStream(bytes("{\"model\":\"m\"}"), true, null)));
  }

  @Test
  void aTraceUserGoesIntoTheMetadataBesideWhatItHas() {
    assertEquals("{\"model\":\"m\",\"stream\":true,\"metadata\":{\"user_id\":\"u1\"}}",
        text(LoadBench.withStream(bytes("{\"model\":\"m\"}"), true, "u1")));
    assertEquals("{\"model\":\"m\",\"metadata\":{\"other\":2,\"user_id\":\"u1\"},\"stream\":false}",
        text(LoadBench.withStream(bytes("{\"model\":\"m\",\"metadata\":{\"other\":2}}"), false, "u1")));
  }

  @Test
  void aBodyThatIsNotAnObjectIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LoadBench.withStream(bytes("[1,2]"), true, null));
    assertThrows(IllegalArgumentException.class, () -> LoadBench.withStream(bytes("{\"model\":"), true, null));
  }
}
