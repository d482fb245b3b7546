package dev.llmrouter.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.convert.validate.StreamValidators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The fixtures {@link StreamCodecBench} converts are valid streams, and so is what it makes of them. */
class StreamCodecBenchTest {
  @Test
  void everyPairReadsAValidUpstreamStreamAndMakesAValidClientStream() throws Exception {
    List<String> checked = new ArrayList<>();
    for (String pair : params("pair")) {
      for (String answer : params("answer")) {
        StreamCodecBench bench = new StreamCodecBench();
        bench.pair = pair;
        bench.answer = answer;
        bench.setup();
        String[] sides = pair.split("->");
        StreamValidators.forProtocol(StreamCodecBench.protocol(sides[0])).validate(bench.upstreamEvents);
        StreamValidators.forProtocol(StreamCodecBench.protocol(sides[1])).validate(bench.converted);
        checked.add(pair + " " + answer);
      }
    }
    assertEquals(params("pair").length * params("answer").length, checked.size());
  }

  private static String[] params(String field) throws IOException {
    try {
      return StreamCodecBench.class.getField(field).getAnnotation(Param.class).value();
    } catch (NoSuchFieldException e) {
      throw new IOException(e);
    }
  }
}
