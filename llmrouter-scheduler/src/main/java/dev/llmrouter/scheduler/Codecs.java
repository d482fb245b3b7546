package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.convert.TypedCodec;

/** The codec of each client API, for the typed calls. */
final class Codecs {
  private Codecs() {}

  static TypedCodec of(ApiKind kind) {
    return TypedCodec.of(kind.protocol());
  }
}
