package dev.llmrouter.api.convert;

import dev.llmrouter.api.Protocol;

/**
 * Converts requests, answers, streams and errors between two protocols through one common model.
 * Implementations are stateless and thread-safe; conversion problems caused by the client's request
 * throw {@link dev.llmrouter.api.error.ClientRequestException}, undecodable upstream data throws
 * {@link dev.llmrouter.api.error.RouterException}.
 */
public interface Converter {
  /** Converts a client request body into the upstream protocol's request body. */
  byte[] request(Protocol client, Protocol upstream, byte[] body, ConvertContext context);

  /** Converts a non-streamed upstream answer into the client's protocol. */
  byte[] response(Protocol upstream, Protocol client, byte[] body, ConvertContext context);

  /** A new converter for one upstream stream. */
  StreamConverter stream(Protocol upstream, Protocol client, ConvertContext context);

  /** Converts an upstream error body into the client's error shape, keeping its message. */
  byte[] error(Protocol upstream, Protocol client, int status, byte[] body);
}
