package dev.llmrouter.convert;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixtures, deterministic contexts and a stream runner for the converter tests. */
final class TestSupport {
  static final Converter CONVERTER = Converters.standard();

  private TestSupport() {}

  static byte[] fixture(String path) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/" + path)) {
      if (in == null) throw new IllegalArgumentException("no test resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A context whose ids are 0001, 0002, ... so outputs are deterministic. */
  static ConvertContext context(boolean stream) {
    return context(stream, false, false);
  }

  static ConvertContext context(boolean stream, boolean injectDummy, boolean strip) {
    AtomicInteger n = new AtomicInteger();
    return new ConvertContext("client-model", "upstream-model", stream,
        () -> String.format("%04d", n.incrementAndGet()), injectDummy, strip);
  }

  /** The directory name of a protocol in fixtures and expectations. */
  static String dir(Protocol p) {
    return p.serviceType();
  }

  /** Feeds a recorded upstream stream through a converter and returns everything the client gets. */
  static byte[] runStream(Protocol upstream, Protocol client, byte[] sse) {
    return runStream(CONVERTER.stream(upstream, client, context(true)), sse);
  }

  static byte[] runStream(StreamConverter converter, byte[] sse) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<SseEvent> events = SseParser.parse(sse);
    for (SseEvent e : events) {
      for (byte[] frame : converter.onEvent(e)) out.writeBytes(frame);
    }
    for (byte[] frame : converter.finish()) out.writeBytes(frame);
    return out.toByteArray();
  }
}
