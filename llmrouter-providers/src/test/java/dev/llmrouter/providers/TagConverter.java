package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A converter whose output names what it was given, so that tests can see exactly what the provider
 * handed to it and what it did with the result. Every request records its context.
 */
final class TagConverter implements Converter {
  final List<ConvertContext> contexts = new ArrayList<>();

  @Override
  public byte[] request(Protocol client, Protocol upstream, byte[] body, ConvertContext context) {
    contexts.add(context);
    JsonObject o = new JsonObject().put("from", client.name()).put("to", upstream.name())
        .put("model", context.upstreamModel()).put("stream", context.stream())
        .put("body", new String(body, StandardCharsets.UTF_8));
    return Json.write(o);
  }

  @Override
  public byte[] response(Protocol upstream, Protocol client, byte[] body, ConvertContext context) {
    return ("converted " + upstream.name() + "->" + client.name() + ": " + new String(body, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public StreamConverter stream(Protocol upstream, Protocol client, ConvertContext context) {
    return new StreamConverter() {
      private boolean completed;
      private String error;
      private int count;

      @Override
      public List<byte[]> onEvent(SseEvent event) {
        String data = event.data() == null ? "" : event.data();
        if (data.equals("[DONE]") || data.contains("STOP") || "message_stop".equals(event.event())) completed = true;
        if (data.contains("\"error\"")) {
          error = data;
          return List.of(SseFrames.data("client-error " + data));
        }
        if (data.contains("skip-me")) return List.of();
        count++;
        return List.of(SseFrames.data("client " + data));
      }

      @Override
      public List<byte[]> finish() {
        return List.of(SseFrames.data("finish completed=" + completed));
      }

      @Override
      public List<byte[]> fail(String message) {
        return List.of(SseFrames.data("fail " + message));
      }

      @Override public boolean completed() { return completed; }
      @Override public String upstreamError() { return error; }
      @Override public Usage usage() { return Usage.of(count, count); }
    };
  }

  @Override
  public byte[] error(Protocol upstream, Protocol client, int status, byte[] body) {
    return ("error " + upstream.name() + "->" + client.name() + " " + status + ": " + new String(body, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }
}
