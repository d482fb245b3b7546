package dev.llmrouter.api.convert;

import dev.llmrouter.api.Protocol;

/**
 * Converts requests, answers, streams and errors between two protocols through one common model.
 * Implementations are stateless and thread-safe; conversion problems caused by the client's request
 * throw {@link dev.llmrouter.api.error.ClientRequestException}, undecodable upstream data throws
 * {@link dev.llmrouter.api.error.RouterException}.
 */
public interface Converter {
  /**
   * Converts a client request body into the upstream protocol's request body.
   *
   * @param client the protocol the body is written in
   * @param upstream the protocol of the channel
   * @param body the client's request body, UTF-8 JSON; not modified
   * @param context models, stream flag, id source and channel options
   * @return the upstream request body, UTF-8 JSON
   * @throws dev.llmrouter.api.error.ClientRequestException when the body is not a JSON object, or
   *     holds something the upstream protocol cannot express (the client's fault, a 400)
   * @throws IllegalArgumentException when a protocol has no codec
   */
  byte[] request(Protocol client, Protocol upstream, byte[] body, ConvertContext context);

  /**
   * Converts a non-streamed upstream answer into the client's protocol.
   *
   * @param upstream the protocol of the channel
   * @param client the protocol the client speaks
   * @param body the upstream's 2xx answer body; not modified
   * @param context models and id source
   * @return the answer in the client's protocol, UTF-8 JSON
   * @throws dev.llmrouter.api.error.RouterException when the upstream body cannot be decoded
   * @throws IllegalArgumentException when a protocol has no codec
   */
  byte[] response(Protocol upstream, Protocol client, byte[] body, ConvertContext context);

  /**
   * Creates a converter for one upstream stream.
   *
   * @param upstream the protocol of the channel
   * @param client the protocol the client speaks
   * @param context models and id source
   * @return a new converter, owned by the caller; not thread-safe, one per stream
   * @throws IllegalArgumentException when a protocol has no codec
   */
  StreamConverter stream(Protocol upstream, Protocol client, ConvertContext context);

  /**
   * Converts an upstream error body into the client's error shape, keeping its message. Never throws
   * for an odd body: text that is not a known error shape becomes the message.
   *
   * @param upstream the protocol of the channel
   * @param client the protocol the client speaks
   * @param status the upstream's HTTP status
   * @param body the start of the upstream's error body; may be null or empty
   * @return the error body in the client's protocol, UTF-8 JSON
   * @throws IllegalArgumentException when a protocol has no codec
   */
  byte[] error(Protocol upstream, Protocol client, int status, byte[] body);
}
