package dev.llmrouter.convert.chat;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.internal.StreamDecoder;
import dev.llmrouter.convert.internal.StreamEncoder;

/**
 * OpenAI Chat Completions to and from the common model. Streamed requests ask for usage with
 * {@code stream_options.include_usage}. Answers made here carry {@code created: 0}: converters have
 * no clock. This class is stateless and thread-safe.
 */
public final class ChatCodec implements ProtocolCodec {
  @Override
  public ChatRequest decodeRequest(JsonObject body, ConvertContext context) {
    return ChatRequestCodec.decode(body);
  }

  @Override
  public JsonObject encodeRequest(ChatRequest request, ConvertContext context) {
    return ChatRequestCodec.encode(request, context);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body, ConvertContext context) {
    return ChatResponseCodec.decode(body);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, ConvertContext context) {
    return ChatResponseCodec.encode(response, context);
  }

  @Override
  public StreamDecoder newStreamDecoder(ConvertContext context) {
    return new ChatStreamDecoder(context);
  }

  @Override
  public StreamEncoder newStreamEncoder(ConvertContext context) {
    return new ChatStreamEncoder(context);
  }

  @Override
  public String errorMessage(JsonObject body) {
    JsonValue error = body.get("error");
    if (error instanceof JsonObject e) return e.getString("message");
    return error == null ? null : error.asString();
  }
}
