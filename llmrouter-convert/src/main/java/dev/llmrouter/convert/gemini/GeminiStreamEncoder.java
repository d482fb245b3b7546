package dev.llmrouter.convert.gemini;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseFrames;
import dev.llmrouter.convert.internal.AbstractStreamEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Common stream events into Gemini {@code alt=sse} chunks ({@code data: {...}}): one chunk per
 * text or thought piece, one per function call (Gemini sends calls whole, so a call's argument
 * pieces are gathered until its block closes; a call without a signature carries the signed
 * reasoning streamed before it, see {@link ThoughtCarry}), and a final chunk with
 * {@code finishReason} and {@code usageMetadata}. Not thread-safe; one per stream.
 */
final class GeminiStreamEncoder extends AbstractStreamEncoder {
  private final Map<Integer, ContentPart> blocks = new HashMap<>();
  private final Map<Integer, StringBuilder> args = new LinkedHashMap<>();
  /** Thinking text of the open thinking blocks, kept to carry signed reasoning (see ThoughtCarry). */
  private final Map<Integer, StringBuilder> thoughts = new HashMap<>();
  private final Map<Integer, String> thoughtSignatures = new HashMap<>();
  /** Signed reasoning blocks seen since the last function call. */
  private final List<ContentPart> signed = new ArrayList<>();
  private long thoughtChars;
  private String responseId;

  GeminiStreamEncoder(ConvertContext ctx) {
    super(ctx, Protocol.GEMINI);
  }

  @Override
  protected void blockStart(StreamEvent.BlockStart b, List<byte[]> out) {
    blocks.put(b.index(), b.block());
    if (b.block() instanceof ContentPart.ToolCall) args.put(b.index(), new StringBuilder());
    if (b.block() instanceof ContentPart.Thinking th) thoughts.put(b.index(), new StringBuilder(th.text()));
    if (b.block() instanceof ContentPart.RedactedThinking r) signed.add(r);
  }

  @Override
  protected void textDelta(StreamEvent.TextDelta d, List<byte[]> out) {
    out.add(chunk(new JsonObject().put("text", d.text()), null));
  }

  @Override
  protected void thinkingDelta(StreamEvent.ThinkingDelta d, List<byte[]> out) {
    out.add(chunk(new JsonObject().put("text", d.text()).put("thought", true), null));
    keepThought(d.index(), d.text());
  }

  @Override
  protected void signatureDelta(StreamEvent.SignatureDelta d, List<byte[]> out) {
    JsonObject part = new JsonObject().put("text", "");
    if (blocks.get(d.index()) instanceof ContentPart.Thinking) part.put("thought", true);
    out.add(chunk(part.put("thoughtSignature", d.signature()), null));
    if (thoughts.containsKey(d.index())) thoughtSignatures.merge(d.index(), d.signature(), String::concat);
  }

  @Override
  protected void toolArgsDelta(StreamEvent.ToolArgsDelta d, List<byte[]> out) {
    StringBuilder sb = args.get(d.index());
    if (sb != null) sb.append(d.partialJson());
  }

  @Override
  protected void blockStop(StreamEvent.BlockStop b, List<byte[]> out) {
    closeThought(b.index());
    flushCall(b.index(), out);
  }

  @Override
  protected void writeError(StreamEvent.Error err, List<byte[]> out) {
    out.add(SseFrames.json(null, ClientErrors.tree(Protocol.GEMINI, 500, ErrorType.UPSTREAM, err.message())));
  }

  private void flushCall(int index, List<byte[]> out) {
    StringBuilder sb = args.remove(index);
    if (sb == null) return;
    ContentPart.ToolCall c = (ContentPart.ToolCall) blocks.get(index);
    ContentPart.ToolCall whole = new ContentPart.ToolCall(c.id(), c.name(), sb.toString(), c.signature());
    String carried = signed.isEmpty() ? null : ThoughtCarry.pack(signed);
    signed.clear();
    out.add(chunk(GeminiResponseCodec.encodePart(whole, carried), null));
  }

  /** Keeps a thinking block's text while it streams, up to ThoughtCarry's bound. */
  private void keepThought(int index, String text) {
    StringBuilder sb = thoughts.get(index);
    if (sb == null) return;
    thoughtChars += text.length();
    if (thoughtChars > ThoughtCarry.MAX_CHARS) {
      thoughts.clear();
      thoughtSignatures.clear();
      return;
    }
    sb.append(text);
  }

  /** A closed thinking block with a signature joins the reasoning carried by the next function call. */
  private void closeThought(int index) {
    StringBuilder sb = thoughts.remove(index);
    String sig = thoughtSignatures.remove(index);
    if (sb != null && sig != null && !sig.isEmpty()) signed.add(new ContentPart.Thinking(sb.toString(), sig));
  }

  private byte[] chunk(JsonObject part, JsonObject finalFields) {
    if (responseId == null) responseId = ctx.ids().get();
    JsonObject candidate = new JsonObject()
        .put("content", new JsonObject().put("role", "model").put("parts", JsonArray.of(part)));
    JsonObject out = new JsonObject().put("candidates", JsonArray.of(candidate));
    if (finalFields != null) {
      candidate.put("finishReason", finalFields.getString("finishReason"));
      if (finalFields.has("usageMetadata")) out.put("usageMetadata", finalFields.get("usageMetadata"));
    }
    candidate.put("index", 0);
    out.put("modelVersion", clientModel()).put("responseId", responseId);
    return SseFrames.json(frames, null, out);
  }

  @Override
  protected void writeEnd(List<byte[]> out) {
    for (Integer index : new ArrayList<>(args.keySet())) flushCall(index, out);
    JsonObject last = new JsonObject().put("finishReason", GeminiParts.finishReason(stopReason()));
    if (usage() != null) last.put("usageMetadata", GeminiParts.encodeUsage(usage()));
    out.add(chunk(new JsonObject().put("text", ""), last));
  }
}
