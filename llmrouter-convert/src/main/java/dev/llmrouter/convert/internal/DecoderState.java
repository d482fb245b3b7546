package dev.llmrouter.convert.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Bookkeeping shared by the stream decoders: block numbering, open blocks, the stop reason, usage
 * and whether the stream ended, with the closing sequence for streams that end early. For
 * protocols whose chunks carry loose text and reasoning pieces (Chat, Gemini), it also keeps the
 * running text block and the running reasoning block: a piece of one kind closes the other's
 * block, and {@link #closeRunning} closes both before a tool call. Not thread-safe; one per stream.
 */
public final class DecoderState {
  private int nextIndex;
  private final Set<Integer> open = new LinkedHashSet<>();
  private boolean started;
  private boolean stopped;
  private boolean ended;
  private boolean sawToolCall;
  private Usage usage;
  /** The running text block, or -1. */
  private int text = -1;
  /** The running reasoning block, or -1. */
  private int thinking = -1;

  /**
   * Emits a {@code Start} if none was emitted yet.
   *
   * @param out receives the events
   * @param id the answer id
   * @param model the model
   */
  public void ensureStarted(List<StreamEvent> out, String id, String model) {
    if (started) return;
    started = true;
    out.add(new StreamEvent.Start(id, model, usage));
  }

  /** {@return true once a {@code Start} was emitted} */
  public boolean started() {
    return started;
  }

  /**
   * Opens a block.
   *
   * @param out receives the {@code BlockStart}
   * @param header the block's kind and header
   * @return the new block's index
   */
  public int open(List<StreamEvent> out, ContentPart header) {
    int index = nextIndex++;
    open.add(index);
    if (header instanceof ContentPart.ToolCall) sawToolCall = true;
    out.add(new StreamEvent.BlockStart(index, header));
    return index;
  }

  /**
   * Tells whether a block is open.
   *
   * @param index the block index
   * @return true while the block is open
   */
  public boolean isOpen(int index) {
    return open.contains(index);
  }

  /**
   * Closes a block if it is open.
   *
   * @param out receives the {@code BlockStop}
   * @param index the block index
   */
  public void close(List<StreamEvent> out, int index) {
    if (open.remove(index)) out.add(new StreamEvent.BlockStop(index));
  }

  /**
   * Closes every open block, in the order they were opened.
   *
   * @param out receives the {@code BlockStop}s
   */
  public void closeAll(List<StreamEvent> out) {
    for (Integer i : new ArrayList<>(open)) out.add(new StreamEvent.BlockStop(i));
    open.clear();
    text = -1;
    thinking = -1;
  }

  /**
   * The running text block, opened when there is none; closes the running reasoning block first.
   *
   * @param out receives the {@code BlockStop} and {@code BlockStart}, if any
   * @return the text block's index
   */
  public int textBlock(List<StreamEvent> out) {
    closeThinking(out);
    if (text < 0) text = open(out, ContentPart.Text.of(""));
    return text;
  }

  /**
   * The running reasoning block, opened when there is none; closes the running text block first.
   *
   * @param out receives the {@code BlockStop} and {@code BlockStart}, if any
   * @return the reasoning block's index
   */
  public int thinkingBlock(List<StreamEvent> out) {
    closeText(out);
    if (thinking < 0) thinking = open(out, new ContentPart.Thinking("", null));
    return thinking;
  }

  /** {@return the running text block's index, or -1 when there is none} */
  public int runningText() {
    return text;
  }

  /** {@return the running reasoning block's index, or -1 when there is none} */
  public int runningThinking() {
    return thinking;
  }

  /**
   * Closes the running text and reasoning blocks, if any.
   *
   * @param out receives the {@code BlockStop}s
   */
  public void closeRunning(List<StreamEvent> out) {
    closeText(out);
    closeThinking(out);
  }

  private void closeText(List<StreamEvent> out) {
    if (text >= 0) close(out, text);
    text = -1;
  }

  private void closeThinking(List<StreamEvent> out) {
    if (thinking >= 0) close(out, thinking);
    thinking = -1;
  }

  /** {@return true once a tool-call block was opened} */
  public boolean sawToolCall() {
    return sawToolCall;
  }

  /**
   * Emits the stop reason, once; later calls do nothing.
   *
   * @param out receives the {@code Stop}
   * @param reason the stop reason
   * @param stopSequence the matched stop sequence, or null
   */
  public void stop(List<StreamEvent> out, StopReason reason, String stopSequence) {
    if (stopped) return;
    stopped = true;
    out.add(new StreamEvent.Stop(reason, stopSequence));
  }

  /** {@return true once a stop reason was emitted} */
  public boolean stopped() {
    return stopped;
  }

  /** {@return the last usage recorded, or null} */
  public Usage usage() {
    return usage;
  }

  /**
   * Records cumulative usage and emits it.
   *
   * @param out receives the {@code UsageUpdate}
   * @param u the usage so far; replaces the earlier one
   */
  public void usage(List<StreamEvent> out, Usage u) {
    usage = u;
    out.add(new StreamEvent.UsageUpdate(u));
  }

  /** {@return true once the stream ended, normally or by an error} */
  public boolean ended() {
    return ended;
  }

  /**
   * Closes blocks, sends a stop reason when none came (a tool call means {@code tool_use}) and ends.
   * Does nothing once ended.
   *
   * @param out receives the closing events and {@code End}
   */
  public void end(List<StreamEvent> out) {
    if (ended) return;
    closeAll(out);
    stop(out, sawToolCall ? StopReason.TOOL_USE : StopReason.END_TURN, null);
    ended = true;
    out.add(new StreamEvent.End());
  }

  /**
   * The upstream stopped without its terminal event. Closes blocks and ends; when no stop reason
   * came, a block cut off mid-way gives {@code max_tokens} (the answer is visibly incomplete, so a
   * client does not run a half-streamed tool call), otherwise {@code tool_use} or {@code end_turn}.
   *
   * @param out receives the closing events and {@code End}
   */
  public void truncate(List<StreamEvent> out) {
    if (ended) return;
    if (!stopped && !open.isEmpty()) stop(out, StopReason.MAX_TOKENS, null);
    end(out);
  }

  /**
   * Ends the stream with an error, unless it already ended.
   *
   * @param out receives the {@code Error}
   * @param type the upstream's error type, or null
   * @param message the upstream's error message, or null
   */
  public void error(List<StreamEvent> out, String type, String message) {
    if (ended) return;
    ended = true;
    out.add(new StreamEvent.Error(type, message));
  }
}
