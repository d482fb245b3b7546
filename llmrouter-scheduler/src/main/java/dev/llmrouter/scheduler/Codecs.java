package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.convert.claude.ClaudeCodec;
import dev.llmrouter.convert.gemini.GeminiCodec;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.responses.ResponsesCodec;

/** The codec of each client API, for the typed calls. */
final class Codecs {
  private Codecs() {}

  static ProtocolCodec of(ApiKind kind) {
    if (kind == ApiKind.MESSAGES) return new ClaudeCodec();
    if (kind == ApiKind.RESPONSES) return new ResponsesCodec();
    return new GeminiCodec();
  }
}
