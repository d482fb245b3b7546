package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.JsonOutput;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What the four stream encoders share, as {@link DecoderState} is for the decoders: the context, the
 * frame buffer, the upstream model, the latest usage, the stop reason, and whether the stream has
 * started and ended. It takes {@code Start}, {@code UsageUpdate}, {@code Stop}, {@code End} and
 * {@code Error} itself and hands the content events to {@link #encode}; the protocol writes its
 * opening frames once ({@link #writeStart}), its closing frames once ({@link #writeEnd}), and its
 * error frames. Nothing is written once the stream has ended. Not thread-safe; one per stream.
 */
public abstract class AbstractStreamEncoder implements StreamEncoder {
  /** The conversion's context: ids, the client's model, notes. */
  protected final ConvertContext ctx;
  /** Builds each frame; reused from frame to frame. */
  protected final JsonOutput frames = new JsonOutput(512);
  private final Protocol protocol;
  private boolean started;
  private boolean ended;
  private String upstreamModel;
  private Usage usage;
  private StopReason stopReason;
  private String stopSequence;

  /**
   * Creates the shared state of one stream.
   *
   * @param ctx the conversion's context
   * @param protocol the client's protocol, whose error event {@link #fail} sends by default
   */
  protected AbstractStreamEncoder(ConvertContext ctx, Protocol protocol) {
    this.ctx = ctx;
    this.protocol = protocol;
  }

  @Override
  public final List<byte[]> onEvent(StreamEvent e) {
    List<byte[]> out = new ArrayList<>();
    if (ended) return out;
    if (e instanceof StreamEvent.Start s) {
      upstreamModel = s.model();
      if (s.usage() != null) usage = s.usage();
      start(out);
    } else if (e instanceof StreamEvent.UsageUpdate u) {
      usage = u.usage();
    } else if (e instanceof StreamEvent.Stop s) {
      stopReason = s.reason();
      stopSequence = s.stopSequence();
    } else if (e instanceof StreamEvent.End) {
      out.addAll(finish());
    } else if (e instanceof StreamEvent.Error err) {
      writeError(err, out);
      ended = true;
    } else {
      encode(e, out);
    }
    return out;
  }

  /**
   * Encodes a content event: a block's start, delta or stop.
   *
   * @param e the event
   * @param out receives the frames
   */
  protected abstract void encode(StreamEvent e, List<byte[]> out);

  /**
   * Writes the opening frames, the first time it is called.
   *
   * @param out receives the frames
   */
  protected final void start(List<byte[]> out) {
    if (started) return;
    started = true;
    writeStart(out);
  }

  /**
   * Writes the protocol's opening frames; called once, by {@link #start}. Writes nothing unless
   * overridden.
   *
   * @param out receives the frames
   */
  protected void writeStart(List<byte[]> out) {}

  /**
   * Writes the protocol's closing frames; called once, by {@link #finish} before the stream ends.
   *
   * @param out receives the frames
   */
  protected abstract void writeEnd(List<byte[]> out);

  /**
   * Writes the protocol's frames for an upstream error event; the stream ends after them.
   *
   * @param err the error event
   * @param out receives the frames
   */
  protected abstract void writeError(StreamEvent.Error err, List<byte[]> out);

  /**
   * Writes the protocol's frames for a failure of the stream itself; the stream ends after them.
   * Writes the protocol's upstream error event unless overridden.
   *
   * @param message the text shown to the client
   * @param out receives the frames
   */
  protected void writeFailure(String message, List<byte[]> out) {
    out.add(ClientErrors.streamEvent(protocol, ErrorType.UPSTREAM, message));
  }

  @Override
  public final List<byte[]> finish() {
    List<byte[]> out = new ArrayList<>();
    if (ended) return out;
    writeEnd(out);
    ended = true;
    return out;
  }

  @Override
  public final List<byte[]> fail(String message) {
    List<byte[]> out = new ArrayList<>();
    if (ended) return out;
    writeFailure(message, out);
    ended = true;
    return out;
  }

  /** {@return the model to name to the client: the client's own, else the upstream's} */
  protected final String clientModel() {
    return Jsons.clientModel(ctx, upstreamModel);
  }

  /** {@return the latest usage, or null when none came} */
  protected final Usage usage() {
    return usage;
  }

  /** {@return the stop reason, or null when none came} */
  protected final StopReason stopReason() {
    return stopReason;
  }

  /** {@return the matched stop sequence, or null} */
  protected final String stopSequence() {
    return stopSequence;
  }
}
