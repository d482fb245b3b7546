package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each example's {@code main} runs with no arguments against the {@link LocalMock}: no account, no network. */
class LocalMockMainsTest {
  private interface Main {
    void run() throws Exception;
  }

  private static String output(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(original);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void failoverExampleFailsOverFromTheOverloadedPrimary() throws Exception {
    String out = output(() -> FailoverExample.main(new String[0]));
    assertTrue(out.contains("answered by backup after 2 attempt(s): 200"), out);
  }

  @Test
  void streamingExamplePrintsTheText() throws Exception {
    String out = output(() -> StreamingResponsesExample.main(new String[0]));
    assertTrue(out.contains("Packets find their way home."), out);
  }

  @Test
  void costAwareAndTwoRoutersExamplesAnswer() throws Exception {
    assertTrue(output(() -> CostAwareRoutingExample.main(new String[0])).contains("-> 200"));
    assertTrue(output(() -> TwoRoutersExample.main(new String[0])).contains("-> 200"));
  }
}
