package dev.llmrouter.convert.responses;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.internal.StreamDecoder;
import dev.llmrouter.convert.internal.StreamEncoder;

/**
 * OpenAI Responses ({@code /v1/responses}) to and from the common model. Answers made here carry
 * {@code created_at: 0} (converters have no clock) and a fresh {@code resp_} id. Requests sent to a
 * Responses upstream say {@code store: false} unless the client chose otherwise. This class is
 * stateless and thread-safe.
 */
public final class ResponsesCodec implements ProtocolCodec {
  @Override
  public ChatRequest decodeRequest(JsonObject body, ConvertContext context) {
    return ResponsesRequestCodec.decode(body, context);
  }

  @Override
  public JsonObject encodeRequest(ChatRequest request, ConvertContext context) {
    return ResponsesRequestCodec.encode(request, context);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body, ConvertContext context) {
    return ResponsesResponseCodec.decode(body);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, ConvertContext context) {
    return ResponsesResponseCodec.encode(response, context);
  }

  @Override
  public StreamDecoder newStreamDecoder(ConvertContext context) {
    return new ResponsesStreamDecoder();
  }

  @Override
  public StreamEncoder newStreamEncoder(ConvertContext context) {
    return new ResponsesStreamEncoder(context);
  }

  @Override
  public String errorMessage(JsonObject body) {
    JsonValue error = body.get("error");
    if (error instanceof JsonObject e) return e.getString("message");
    return error == null ? null : error.asString();
  }
}
