package dev.llmrouter.convert.claude;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.internal.StreamDecoder;
import dev.llmrouter.convert.internal.StreamEncoder;

/**
 * Anthropic Messages ({@code /v1/messages}) to and from the common model. When Anthropic is the
 * upstream, requests always carry {@code max_tokens} (8192 when the client gave none) and
 * {@code stream: true} for streamed requests. This class is stateless and thread-safe.
 */
public final class ClaudeCodec implements ProtocolCodec {
  @Override
  public ChatRequest decodeRequest(JsonObject body, ConvertContext context) {
    return ClaudeRequestCodec.decode(body, context);
  }

  @Override
  public JsonObject encodeRequest(ChatRequest request, ConvertContext context) {
    return ClaudeRequestCodec.encode(request, context);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body, ConvertContext context) {
    return ClaudeResponseCodec.decode(body, context);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, ConvertContext context) {
    return ClaudeResponseCodec.encode(response, context);
  }

  @Override
  public StreamDecoder newStreamDecoder(ConvertContext context) {
    return new ClaudeStreamDecoder(context);
  }

  @Override
  public StreamEncoder newStreamEncoder(ConvertContext context) {
    return new ClaudeStreamEncoder(context);
  }

  @Override
  public String errorMessage(JsonObject body) {
    JsonObject error = body.getObject("error");
    return error == null ? null : error.getString("message");
  }
}
