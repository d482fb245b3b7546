package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.JsonOutput;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What the four stream encoders share, as {@link DecoderState} is for the decoders: the context, the
 * frame buffer, the upstream model, the latest usage, the stop reason, and whether the stream has
 * started and ended. It takes {@code Start}, {@code UsageUpdate}, {@code Stop}, {@code End} and
 * {@code Error} itself and hands each content event to its own hook ({@link #blockStart},
 * {@link #textDelta}, {@link #thinkingDelta}, {@link #signatureDelta}, {@link #toolArgsDelta},
 * {@link #blockStop}), after writing the opening frames before a block's start when the stream
 * had no {@code Start} ({@link #startsOn}); the protocol writes its opening frames once
 * ({@link #writeStart}), its closing frames once ({@link #writeEnd}), and its error frames. Nothing
 * is written once the stream has ended. Not thread-safe; one per stream.
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
    } else if (e instanceof StreamEvent.BlockStart b) {
      if (startsOn(b.block())) start(out);
      blockStart(b, out);
    } else if (e instanceof StreamEvent.TextDelta d) {
      textDelta(d, out);
    } else if (e instanceof StreamEvent.ThinkingDelta d) {
      thinkingDelta(d, out);
    } else if (e instanceof StreamEvent.SignatureDelta d) {
      signatureDelta(d, out);
    } else if (e instanceof StreamEvent.ToolArgsDelta d) {
      toolArgsDelta(d, out);
    } else if (e instanceof StreamEvent.BlockStop b) {
      blockStop(b, out);
    }
    return out;
  }

  /**
   * Tells whether a block's start opens the stream, that is writes the opening frames first when
   * they were not written yet. True unless overridden.
   *
   * @param block the starting block's kind and header
   * @return true when the opening frames go before the block's frames
   */
  protected boolean startsOn(ContentPart block) {
    return true;
  }

  /**
   * Encodes a block's start.
   *
   * @param b the event
   * @param out receives the frames
   */
  protected abstract void blockStart(StreamEvent.BlockStart b, List<byte[]> out);

  /**
   * Encodes a piece of answer text. Writes nothing unless overridden.
   *
   * @param d the event
   * @param out receives the frames
   */
  protected void textDelta(StreamEvent.TextDelta d, List<byte[]> out) {}

  /**
   * Encodes a piece of reasoning text. Writes nothing unless overridden.
   *
   * @param d the event
   * @param out receives the frames
   */
  protected void thinkingDelta(StreamEvent.ThinkingDelta d, List<byte[]> out) {}

  /**
   * Encodes a piece of a block's signature. Writes nothing unless overridden.
   *
   * @param d the event
   * @param out receives the frames
   */
  protected void signatureDelta(StreamEvent.SignatureDelta d, List<byte[]> out) {}

  /**
   * Encodes a piece of a tool call's arguments. Writes nothing unless overridden.
   *
   * @param d the event
   * @param out receives the frames
   */
  protected void toolArgsDelta(StreamEvent.ToolArgsDelta d, List<byte[]> out) {}

  /**
   * Encodes a block's stop. Writes nothing unless overridden.
   *
   * @param b the event
   * @param out receives the frames
   */
  protected void blockStop(StreamEvent.BlockStop b, List<byte[]> out) {}

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
