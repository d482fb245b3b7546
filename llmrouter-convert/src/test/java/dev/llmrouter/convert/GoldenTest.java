package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.dir;
import static dev.llmrouter.convert.TestSupport.fixture;
import static dev.llmrouter.convert.TestSupport.runStream;
import static dev.llmrouter.convert.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.convert.validate.StreamValidators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded fixture converted into every other protocol, compared with the expected bytes
 * under {@code expected/<from>-to-<to>/}. JSON bodies are compared in indented form, streams byte
 * for byte, and every converted stream must pass its client protocol's validator. Run with
 * {@code -Dgolden.update=true} to rewrite the expectations after a reviewed change.
 */
class GoldenTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Protocol from : Protocol.values()) {
      for (String file : fixtureNames(from)) {
        for (Protocol to : Protocol.values()) {
          if (to != from) cases.add(Arguments.of(from, to, file));
        }
      }
    }
    return cases.stream();
  }

  private static List<String> fixtureNames(Protocol p) {
    try {
      Path d = Paths.get(GoldenTest.class.getResource("/fixtures/" + dir(p)).toURI());
      try (Stream<Path> files = Files.list(d)) {
        return files.map(f -> f.getFileName().toString()).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("cases")
  void convertsFixtureExactly(Protocol from, Protocol to, String file) throws IOException {
    byte[] input = fixture("fixtures/" + dir(from) + "/" + file);
    String actual;
    if (file.startsWith("request_")) {
      actual = pretty(CONVERTER.request(from, to, input, context(false)));
    } else if (file.startsWith("response_")) {
      actual = pretty(CONVERTER.response(from, to, input, context(false)));
    } else {
      byte[] stream = runStream(from, to, input);
      StreamValidators.forProtocol(to).validate(stream);
      actual = text(stream);
    }
    String expectedPath = "expected/" + dir(from) + "-to-" + dir(to) + "/" + file;
    if (UPDATE) {
      Path target = Paths.get("src/test/resources", expectedPath);
      Files.createDirectories(target.getParent());
      Files.writeString(target, actual, StandardCharsets.UTF_8);
    }
    assertFalse(actual.isEmpty());
    assertEquals(text(fixture(expectedPath)), actual, expectedPath);
  }

  private static String pretty(byte[] json) {
    return text(Json.writePretty(Json.parse(json)));
  }
}
