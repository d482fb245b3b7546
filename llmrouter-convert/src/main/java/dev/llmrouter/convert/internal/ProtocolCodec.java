package dev.llmrouter.convert.internal;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;

/**
 * One protocol to and from the common model: requests, answers, streams and error messages.
 * Implementations are stateless and thread-safe. Part of the internal package: not API.
 */
public interface ProtocolCodec {
  /**
   * Decodes a client request.
   *
   * @throws dev.llmrouter.api.error.ClientRequestException when the request is malformed or uses
   *     something the common model cannot carry
   */
  ChatRequest decodeRequest(JsonObject body, ConvertContext context);

  /** Encodes an upstream request; the model is {@link ConvertContext#upstreamModel()}. */
  JsonObject encodeRequest(ChatRequest request, ConvertContext context);

  /** Decodes an upstream answer. */
  ChatResponse decodeResponse(JsonObject body, ConvertContext context);

  /** Encodes an answer for the client with a fresh id and {@link ConvertContext#clientModel()}. */
  JsonObject encodeResponse(ChatResponse response, ConvertContext context);

  /** A new decoder for one upstream stream. */
  StreamDecoder newStreamDecoder(ConvertContext context);

  /** A new encoder for one client stream. */
  StreamEncoder newStreamEncoder(ConvertContext context);

  /** The message of an error body in this protocol's shape, or null when it has none. */
  String errorMessage(JsonObject body);
}
