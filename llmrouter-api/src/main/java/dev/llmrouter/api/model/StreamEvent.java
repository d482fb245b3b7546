package dev.llmrouter.api.model;

import dev.llmrouter.api.Usage;
import java.util.Objects;

/**
 * One step of a streamed answer in the common model. A stream decoder turns upstream events into
 * these; a stream encoder turns them into client frames. A well-formed sequence is
 * {@code Start, (BlockStart, deltas, BlockStop)*, UsageUpdate*, Stop, End}; blocks are numbered by
 * the decoder with unique, increasing indexes and several blocks may be open at once (parallel
 * tool calls). {@code Error} ends a stream in place of {@code End}. Every implementation is an
 * immutable record.
 */
public sealed interface StreamEvent
    permits StreamEvent.Start, StreamEvent.BlockStart, StreamEvent.TextDelta, StreamEvent.ThinkingDelta,
        StreamEvent.SignatureDelta, StreamEvent.ToolArgsDelta, StreamEvent.BlockStop, StreamEvent.UsageUpdate,
        StreamEvent.Stop, StreamEvent.End, StreamEvent.Error {

  /**
   * The answer began.
   *
   * @param id the upstream's answer id, or null
   * @param model the model that answers, or null
   * @param usage what the upstream reported so far, or null
   */
  record Start(String id, String model, Usage usage) implements StreamEvent {}

  /**
   * A content block opened.
   *
   * @param index the block's index in this stream
   * @param block its kind and header: an empty {@link ContentPart.Text}, a {@link ContentPart.Thinking}
   *     with empty text, a {@link ContentPart.ToolCall} with id and name (arguments follow as deltas),
   *     or a complete {@link ContentPart.RedactedThinking}
   */
  record BlockStart(int index, ContentPart block) implements StreamEvent {
    /**
     * Validates the event.
     *
     * @param index the block's index in this stream
     * @param block its kind and header
     * @throws NullPointerException when {@code block} is null
     */
    public BlockStart {
      Objects.requireNonNull(block, "block");
    }
  }

  /**
   * A piece of a text block.
   *
   * @param index the open block's index
   * @param text the text to append
   */
  record TextDelta(int index, String text) implements StreamEvent {}

  /**
   * A piece of a thinking block.
   *
   * @param index the open block's index
   * @param text the reasoning text to append
   */
  record ThinkingDelta(int index, String text) implements StreamEvent {}

  /**
   * The signature of a thinking block (or a Gemini thought signature for the block).
   *
   * @param index the open block's index
   * @param signature the whole signature
   */
  record SignatureDelta(int index, String signature) implements StreamEvent {}

  /**
   * A piece of a tool call's JSON arguments, streamed as it comes.
   *
   * @param index the open tool-call block's index
   * @param partialJson the JSON text to append; not valid JSON on its own
   */
  record ToolArgsDelta(int index, String partialJson) implements StreamEvent {}

  /**
   * A content block closed.
   *
   * @param index the block's index
   */
  record BlockStop(int index) implements StreamEvent {}

  /**
   * Cumulative usage so far: replaces, never adds to, earlier updates.
   *
   * @param usage the usage so far
   */
  record UsageUpdate(Usage usage) implements StreamEvent {
    /**
     * Validates the event.
     *
     * @param usage the usage so far
     * @throws NullPointerException when {@code usage} is null
     */
    public UsageUpdate {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * Why the answer stopped; may come before the final usage.
   *
   * @param reason the stop reason, or null when the upstream gave none
   * @param stopSequence the stop sequence that matched, or null
   */
  record Stop(StopReason reason, String stopSequence) implements StreamEvent {}

  /** The upstream's terminal event arrived (or the decoder's finish closed the stream). */
  record End() implements StreamEvent {}

  /**
   * The upstream reported an error in the stream; nothing follows it.
   *
   * @param type the upstream's error type, or null
   * @param message the upstream's error message, or null
   */
  record Error(String type, String message) implements StreamEvent {}
}
