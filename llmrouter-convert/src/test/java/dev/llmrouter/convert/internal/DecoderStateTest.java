package dev.llmrouter.convert.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderStateTest {
  @Test
  void aPieceOfOneKindClosesTheRunningBlockOfTheOther() {
    DecoderState state = new DecoderState();
    List<StreamEvent> out = new ArrayList<>();
    assertEquals(0, state.thinkingBlock(out));
    assertEquals(0, state.thinkingBlock(out));
    assertEquals(1, state.textBlock(out));
    assertEquals(1, state.textBlock(out));
    assertEquals(2, state.thinkingBlock(out));
    assertEquals(List.of(new StreamEvent.BlockStart(0, new ContentPart.Thinking("", null)),
        new StreamEvent.BlockStop(0), new StreamEvent.BlockStart(1, ContentPart.Text.of("")),
        new StreamEvent.BlockStop(1), new StreamEvent.BlockStart(2, new ContentPart.Thinking("", null))), out);
    assertEquals(-1, state.runningText());
    assertEquals(2, state.runningThinking());
  }

  @Test
  void closeRunningClosesBothAndTheNextPieceOpensANewBlock() {
    DecoderState state = new DecoderState();
    List<StreamEvent> out = new ArrayList<>();
    state.textBlock(out);
    state.closeRunning(out);
    state.closeRunning(out);
    assertEquals(List.of(new StreamEvent.BlockStart(0, ContentPart.Text.of("")), new StreamEvent.BlockStop(0)), out);
    assertEquals(-1, state.runningText());
    assertEquals(1, state.textBlock(out));
  }

  @Test
  void closeAllForgetsTheRunningBlocks() {
    DecoderState state = new DecoderState();
    List<StreamEvent> out = new ArrayList<>();
    state.thinkingBlock(out);
    state.closeAll(out);
    assertEquals(-1, state.runningThinking());
    out.clear();
    assertEquals(1, state.textBlock(out));
    assertEquals(List.of(new StreamEvent.BlockStart(1, ContentPart.Text.of(""))), out);
  }
}
