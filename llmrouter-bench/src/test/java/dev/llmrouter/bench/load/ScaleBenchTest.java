package dev.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scale test's router environment: a pool sized for the streams, then each --router-env. */
class ScaleBenchTest {
  @Test
  void theRouterGetsThePoolAndEachVariableAsked() {
    assertEquals(Map.of("WORKER_THREADS", "5100", "MAX_CONCURRENT_REQUESTS", "3000"),
        ScaleBench.routerEnv(new String[] {"--router-env", "MAX_CONCURRENT_REQUESTS=3000"}, 5000));
    assertEquals(Map.of("LOG_LEVEL", "debug", "A", "b=c"), ScaleBench.routerEnv(
        new String[] {"--default-pool", "--router-env", "LOG_LEVEL=debug", "--router-env", "A=b=c"}, 10));
    assertThrows(IllegalArgumentException.class, () -> ScaleBench.routerEnv(new String[] {"--router-env", "=x"}, 1));
    assertThrows(IllegalArgumentException.class, () -> ScaleBench.routerEnv(new String[] {"--router-env", "X"}, 1));
  }
}
