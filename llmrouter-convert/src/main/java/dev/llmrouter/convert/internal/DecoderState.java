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
 * and whether the stream ended, with the closing sequence for streams that end early. Not
 * thread-safe; one per stream.
 */
public final class DecoderState {
  private int nextIndex;
  private final Set<Integer> open = new LinkedHashSet<>();
  private boolean started;
  private boolean stopped;
  private boolean ended;
  private boolean sawToolCall;
  private Usage usage;

  /** Emits a Start if none was emitted yet. */
  public void ensureStarted(List<StreamEvent> out, String id, String model) {
    if (started) return;
    started = true;
    out.add(new StreamEvent.Start(id, model, usage));
  }

  public boolean started() {
    return started;
  }

  /** Opens a block and returns its index. */
  public int open(List<StreamEvent> out, ContentPart header) {
    int index = nextIndex++;
    open.add(index);
    if (header instanceof ContentPart.ToolCall) sawToolCall = true;
    out.add(new StreamEvent.BlockStart(index, header));
    return index;
  }

  public boolean isOpen(int index) {
    return open.contains(index);
  }

  public void close(List<StreamEvent> out, int index) {
    if (open.remove(index)) out.add(new StreamEvent.BlockStop(index));
  }

  public void closeAll(List<StreamEvent> out) {
    for (Integer i : new ArrayList<>(open)) out.add(new StreamEvent.BlockStop(i));
    open.clear();
  }

  public boolean sawToolCall() {
    return sawToolCall;
  }

  public void stop(List<StreamEvent> out, StopReason reason, String stopSequence) {
    if (stopped) return;
    stopped = true;
    out.add(new StreamEvent.Stop(reason, stopSequence));
  }

  public boolean stopped() {
    return stopped;
  }

  public Usage usage() {
    return usage;
  }

  /** Records cumulative usage and emits it. */
  public void usage(List<StreamEvent> out, Usage u) {
    usage = u;
    out.add(new StreamEvent.UsageUpdate(u));
  }

  public boolean ended() {
    return ended;
  }

  /** Closes blocks, sends a stop reason when none came (a tool call means tool_use) and ends. */
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
   */
  public void truncate(List<StreamEvent> out) {
    if (ended) return;
    if (!stopped && !open.isEmpty()) stop(out, StopReason.MAX_TOKENS, null);
    end(out);
  }

  /** Marks the stream ended by an error. */
  public void error(List<StreamEvent> out, String type, String message) {
    if (ended) return;
    ended = true;
    out.add(new StreamEvent.Error(type, message));
  }
}
