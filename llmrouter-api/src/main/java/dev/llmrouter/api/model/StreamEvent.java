package dev.llmrouter.api.model;

import dev.llmrouter.api.Usage;
import java.util.Objects;

/**
 * One step of a streamed answer in the common model. A stream decoder turns upstream events into
 * these; a stream encoder turns them into client frames. A well-formed sequence is
 * {@code Start, (BlockStart, deltas, BlockStop)*, UsageUpdate*, Stop, End}; blocks are numbered by
 * the decoder with unique, increasing indexes and several blocks may be open at once (parallel
 * tool calls). {@code Error} ends a stream in place of {@code End}.
 */
public sealed interface StreamEvent
    permits StreamEvent.Start, StreamEvent.BlockStart, StreamEvent.TextDelta, StreamEvent.ThinkingDelta,
        StreamEvent.SignatureDelta, StreamEvent.ToolArgsDelta, StreamEvent.BlockStop, StreamEvent.UsageUpdate,
        StreamEvent.Stop, StreamEvent.End, StreamEvent.Error {

  /** The answer began. {@code usage} is what the upstream reported so far, or null. */
  record Start(String id, String model, Usage usage) implements StreamEvent {}

  /**
   * A content block opened. {@code block} tells its kind and header: an empty {@link ContentPart.Text},
   * a {@link ContentPart.Thinking} with empty text, a {@link ContentPart.ToolCall} with id and name
   * (arguments follow as deltas), or a complete {@link ContentPart.RedactedThinking}.
   */
  record BlockStart(int index, ContentPart block) implements StreamEvent {
    public BlockStart {
      Objects.requireNonNull(block, "block");
    }
  }

  record TextDelta(int index, String text) implements StreamEvent {}

  record ThinkingDelta(int index, String text) implements StreamEvent {}

  /** The signature of a thinking block (or a Gemini thought signature for the block). */
  record SignatureDelta(int index, String signature) implements StreamEvent {}

  /** A piece of a tool call's JSON arguments, streamed as it comes. */
  record ToolArgsDelta(int index, String partialJson) implements StreamEvent {}

  record BlockStop(int index) implements StreamEvent {}

  /** Cumulative usage so far: replaces, never adds to, earlier updates. */
  record UsageUpdate(Usage usage) implements StreamEvent {
    public UsageUpdate {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /** Why the answer stopped; may come before the final usage. */
  record Stop(StopReason reason, String stopSequence) implements StreamEvent {}

  /** The upstream's terminal event arrived (or the decoder's finish closed the stream). */
  record End() implements StreamEvent {}

  /** The upstream reported an error in the stream. */
  record Error(String type, String message) implements StreamEvent {}
}
