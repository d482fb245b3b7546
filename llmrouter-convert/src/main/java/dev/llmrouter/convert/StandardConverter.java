package dev.llmrouter.convert;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonSourceStrings;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.convert.internal.BridgeStreamConverter;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Converter} over one codec per protocol: every conversion decodes into the common model
 * and encodes out of it. This class is stateless and thread-safe.
 */
final class StandardConverter implements Converter {
  private static final int MAX_ERROR_TEXT = 2000;
  private final Map<Protocol, ProtocolCodec> codecs;
  private final boolean strict;

  StandardConverter(Map<Protocol, ProtocolCodec> codecs, boolean strict) {
    this.codecs = new EnumMap<>(codecs);
    this.strict = strict;
  }

  private ProtocolCodec codec(Protocol p) {
    ProtocolCodec c = codecs.get(Objects.requireNonNull(p, "protocol"));
    if (c == null) throw new IllegalArgumentException("no codec for " + p);
    return c;
  }

  @Override
  public byte[] request(Protocol client, Protocol upstream, byte[] body, ConvertContext context) {
    if (strict && !context.strict()) {
      context = new ConvertContext(context.clientModel(), context.upstreamModel(), context.stream(), context.ids(),
          context.injectDummyThoughtSignature(), context.stripThoughtSignature(), context.nativeCustomTools(), true,
          context.notes());
    }
    // Long strings that come through unchanged are copied from the body instead of escaped again.
    JsonSourceStrings sources = new JsonSourceStrings();
    ChatRequest request = codec(client).decodeRequest(Jsons.clientObject(body, sources), context);
    return Json.write(codec(upstream).encodeRequest(request, context), sizeHint(body), sources);
  }

  @Override
  public byte[] response(Protocol upstream, Protocol client, byte[] body, ConvertContext context) {
    JsonSourceStrings sources = new JsonSourceStrings();
    ChatResponse response = codec(upstream).decodeResponse(Jsons.upstreamObject(body, sources), context);
    return Json.write(codec(client).encodeResponse(response, context), sizeHint(body), sources);
  }

  /** Room for a converted body: about the size of the original, which field names change a little. */
  private static int sizeHint(byte[] body) {
    return body.length + (body.length >> 2) + 256;
  }

  @Override
  public StreamConverter stream(Protocol upstream, Protocol client, ConvertContext context) {
    return new BridgeStreamConverter(codec(upstream).newStreamDecoder(context), codec(client).newStreamEncoder(context));
  }

  @Override
  public byte[] error(Protocol upstream, Protocol client, int status, byte[] body) {
    return ClientErrors.body(client, status, errorMessage(upstream, status, body));
  }

  private String errorMessage(Protocol upstream, int status, byte[] body) {
    JsonValue parsed = body == null ? null : Jsons.tryParse(new String(body, StandardCharsets.UTF_8));
    // Gemini sometimes wraps its error in a one-element array.
    if (parsed instanceof JsonArray a && a.size() == 1) parsed = a.get(0);
    if (parsed instanceof JsonObject o) {
      String message = codec(upstream).errorMessage(o);
      if (message == null) {
        for (ProtocolCodec c : codecs.values()) {
          message = c.errorMessage(o);
          if (message != null) break;
        }
      }
      if (message != null) return message;
    }
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) return "upstream returned status " + status;
    return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) : text;
  }
}
