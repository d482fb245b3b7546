package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.internal.StreamDecoder;
import dev.llmrouter.convert.internal.StreamEncoder;

/**
 * Google Gemini generateContent / streamGenerateContent to and from the common model. The model
 * and the stream flag travel in the URL: a decoded request takes them from the
 * {@link ConvertContext}, an encoded one carries neither. When Gemini is the upstream,
 * {@link ConvertContext#stripThoughtSignature()} removes every thought signature and otherwise
 * {@link ConvertContext#injectDummyThoughtSignature()} gives function calls without one Gemini's
 * documented skip value. This class is stateless and thread-safe.
 */
public final class GeminiCodec implements ProtocolCodec {
  @Override
  public ChatRequest decodeRequest(JsonObject body, ConvertContext context) {
    return GeminiRequestCodec.decode(body, context);
  }

  @Override
  public JsonObject encodeRequest(ChatRequest request, ConvertContext context) {
    return GeminiRequestCodec.encode(request, context);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body, ConvertContext context) {
    return GeminiResponseCodec.decode(body, context);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, ConvertContext context) {
    return GeminiResponseCodec.encode(response, context);
  }

  @Override
  public StreamDecoder newStreamDecoder(ConvertContext context) {
    return new GeminiStreamDecoder(context);
  }

  @Override
  public StreamEncoder newStreamEncoder(ConvertContext context) {
    return new GeminiStreamEncoder(context);
  }

  @Override
  public String errorMessage(JsonObject body) {
    JsonObject error = body.getObject("error");
    return error == null ? null : error.getString("message");
  }
}
