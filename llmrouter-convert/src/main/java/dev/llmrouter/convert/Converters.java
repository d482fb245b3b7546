package dev.llmrouter.convert;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.convert.chat.ChatCodec;
import dev.llmrouter.convert.claude.ClaudeCodec;
import dev.llmrouter.convert.gemini.GeminiCodec;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.responses.ResponsesCodec;
import java.util.EnumMap;
import java.util.Map;

/** Factories for protocol converters. Stateless. */
public final class Converters {
  private Converters() {}

  /**
   * Returns a converter between every pair of different protocols among Anthropic Messages, OpenAI
   * Chat Completions, Gemini and OpenAI Responses.
   *
   * @return a new converter; stateless and thread-safe, so one may serve all requests; its stream
   *     converters are one per stream
   */
  public static Converter standard() {
    return standard(false);
  }

  /**
   * Returns the standard converter, strict or lenient about what a channel cannot express.
   *
   * @param strict true to refuse (400, naming the JSON path) a request holding a tool, item or
   *     content the upstream protocol has no counterpart for; false to leave it out and name it in
   *     the context's {@link dev.llmrouter.api.convert.ConversionNotes}
   * @return a new converter; stateless and thread-safe
   */
  public static Converter standard(boolean strict) {
    Map<Protocol, ProtocolCodec> codecs = new EnumMap<>(Protocol.class);
    codecs.put(Protocol.CLAUDE, new ClaudeCodec());
    codecs.put(Protocol.OPENAI_CHAT, new ChatCodec());
    codecs.put(Protocol.GEMINI, new GeminiCodec());
    codecs.put(Protocol.RESPONSES, new ResponsesCodec());
    return new StandardConverter(codecs, strict);
  }
}
