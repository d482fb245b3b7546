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
   * @param body the client's request body; not modified
   * @param context the conversion context
   * @return the request in the common model
   * @throws dev.llmrouter.api.error.ClientRequestException when the request is malformed or uses
   *     something the common model cannot carry
   */
  ChatRequest decodeRequest(JsonObject body, ConvertContext context);

  /**
   * Encodes an upstream request; the model is {@link ConvertContext#upstreamModel()}.
   *
   * @param request the request in the common model
   * @param context the conversion context
   * @return a new body
   * @throws dev.llmrouter.api.error.ClientRequestException when the request holds something this
   *     protocol cannot express
   */
  JsonObject encodeRequest(ChatRequest request, ConvertContext context);

  /**
   * Decodes an upstream answer.
   *
   * @param body the upstream's answer body
   * @param context the conversion context
   * @return the answer in the common model
   * @throws dev.llmrouter.api.error.RouterException when the body cannot be decoded
   */
  ChatResponse decodeResponse(JsonObject body, ConvertContext context);

  /**
   * Encodes an answer for the client with a fresh id and {@link ConvertContext#clientModel()}.
   *
   * @param response the answer in the common model
   * @param context the conversion context
   * @return a new body
   */
  JsonObject encodeResponse(ChatResponse response, ConvertContext context);

  /**
   * Creates a decoder for one upstream stream.
   *
   * @param context the conversion context
   * @return a new decoder, one per stream
   */
  StreamDecoder newStreamDecoder(ConvertContext context);

  /**
   * Creates an encoder for one client stream.
   *
   * @param context the conversion context
   * @return a new encoder, one per stream
   */
  StreamEncoder newStreamEncoder(ConvertContext context);

  /**
   * Extracts the message of an error body in this protocol's shape.
   *
   * @param body the error body
   * @return the message, or null when the body is not in this protocol's shape
   */
  String errorMessage(JsonObject body);
}
