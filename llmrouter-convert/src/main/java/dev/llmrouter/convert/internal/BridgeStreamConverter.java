package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StreamConverter} made of an upstream decoder and a client encoder, joined by the common
 * stream events. Not thread-safe; one instance per stream.
 */
public final class BridgeStreamConverter implements StreamConverter {
  private final StreamDecoder decoder;
  private final StreamEncoder encoder;
  private boolean completed;
  private boolean ended;
  private String upstreamError;
  private Usage usage = Usage.NONE;
  private List<StreamEvent> events = List.of();

  /**
   * Joins a decoder and an encoder; this converter owns both. After {@link #finish()}, {@link #fail}
   * or an upstream error, every call returns no frames.
   *
   * @param decoder decodes the upstream's stream
   * @param encoder encodes the client's stream
   */
  public BridgeStreamConverter(StreamDecoder decoder, StreamEncoder encoder) {
    this.decoder = decoder;
    this.encoder = encoder;
  }

  @Override
  public List<byte[]> onEvent(SseEvent event) {
    events = List.of();
    if (ended) return List.of();
    return encode(decoder.onEvent(event), true);
  }

  @Override
  public List<byte[]> finish() {
    events = List.of();
    if (ended) return List.of();
    List<byte[]> frames = new ArrayList<>(encode(decoder.finish(), false));
    frames.addAll(encoder.finish());
    ended = true;
    return frames;
  }

  @Override
  public List<byte[]> fail(String message) {
    events = List.of();
    if (ended) return List.of();
    ended = true;
    // The error frames are made from the message, not from a common event.
    events = null;
    return encoder.fail(message);
  }

  private List<byte[]> encode(List<StreamEvent> events, boolean fromUpstream) {
    // Most events give one list of frames, handed on as it is; only a second one costs a new list.
    List<byte[]> first = null;
    List<byte[]> frames = null;
    this.events = events;
    for (int i = 0; i < events.size(); i++) {
      StreamEvent e = events.get(i);
      if (e instanceof StreamEvent.UsageUpdate u) {
        usage = u.usage();
      } else if (e instanceof StreamEvent.Start s && s.usage() != null) {
        usage = s.usage();
      } else if (e instanceof StreamEvent.End) {
        completed |= fromUpstream;
      } else if (e instanceof StreamEvent.Error err) {
        upstreamError = err.message() == null ? "upstream error" : err.message();
      }
      List<byte[]> encoded = encoder.onEvent(e);
      if (!encoded.isEmpty()) {
        if (first == null) {
          first = encoded;
        } else {
          if (frames == null) frames = new ArrayList<>(first);
          frames.addAll(encoded);
        }
      }
      if (e instanceof StreamEvent.Error) {
        ended = true;
        // Nothing after the error is encoded, so nothing after it is handed on.
        if (i + 1 < events.size()) this.events = events.subList(0, i + 1);
        break;
      }
    }
    if (frames != null) return frames;
    return first != null ? first : new ArrayList<>();
  }

  @Override
  public boolean completed() {
    return completed;
  }

  @Override
  public String upstreamError() {
    return upstreamError;
  }

  @Override
  public Usage usage() {
    return usage;
  }

  @Override
  public List<StreamEvent> events() {
    return events;
  }
}
