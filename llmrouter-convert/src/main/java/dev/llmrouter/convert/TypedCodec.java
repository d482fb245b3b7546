package dev.llmrouter.convert;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import dev.llmrouter.convert.chat.ChatCodec;
import dev.llmrouter.convert.claude.ClaudeCodec;
import dev.llmrouter.convert.gemini.GeminiCodec;
import dev.llmrouter.convert.internal.ProtocolCodec;
import dev.llmrouter.convert.internal.StreamDecoder;
import dev.llmrouter.convert.responses.ResponsesCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One client protocol seen from the common model, for callers that speak typed requests to a router
 * whose answers come in that protocol: encodes a {@link ChatRequest} into the protocol's request
 * body and reads answers, error bodies and streams back into the common model. Stateless and
 * thread-safe; its {@link FrameReader}s are one per stream.
 */
public final class TypedCodec {
  private final ProtocolCodec codec;

  private TypedCodec(ProtocolCodec codec) {
    this.codec = codec;
  }

  /**
   * Returns the typed codec of one protocol.
   *
   * @param protocol the client's protocol
   * @return the codec; stateless and thread-safe
   * @throws NullPointerException when {@code protocol} is null
   */
  public static TypedCodec of(Protocol protocol) {
    switch (Objects.requireNonNull(protocol, "protocol")) {
      case CLAUDE: return new TypedCodec(new ClaudeCodec());
      case OPENAI_CHAT: return new TypedCodec(new ChatCodec());
      case GEMINI: return new TypedCodec(new GeminiCodec());
      case RESPONSES: return new TypedCodec(new ResponsesCodec());
      default: throw new IllegalArgumentException("no codec for " + protocol);
    }
  }

  /**
   * Encodes a request body with {@link ConvertContext#upstreamModel()} as its model.
   *
   * @param request the request in the common model
   * @param context the conversion context; its {@code stream} flag says whether to ask for a stream
   * @return the request body, UTF-8 JSON
   * @throws dev.llmrouter.api.error.ClientRequestException when the request holds something this
   *     protocol cannot express
   */
  public byte[] encodeRequest(ChatRequest request, ConvertContext context) {
    return Json.write(codec.encodeRequest(request, context));
  }

  /**
   * Decodes a non-streamed answer.
   *
   * @param body the answer body in this protocol
   * @param context the conversion context
   * @return the answer in the common model
   * @throws MalformedJsonException when the body is not a JSON object
   * @throws dev.llmrouter.api.error.RouterException when the object is not an answer of this protocol
   */
  public ChatResponse decodeResponse(byte[] body, ConvertContext context) {
    return codec.decodeResponse(Json.parseObject(body), context);
  }

  /**
   * Reads the message of an error body.
   *
   * @param body the error body
   * @return the message, or null when the body is not a JSON error in this protocol's shape
   */
  public String errorMessage(byte[] body) {
    try {
      return codec.errorMessage(Json.parseObject(body));
    } catch (MalformedJsonException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Creates the reader of one stream's frames.
   *
   * @param context the conversion context of the request; its client model names the answer's model
   * @return a new reader, one per stream
   */
  public FrameReader newFrameReader(ConvertContext context) {
    return new FrameReader(codec.newStreamDecoder(context), context);
  }

  /**
   * Turns the {@link StreamFrame}s of one stream in the client's protocol into common stream events.
   * A frame that carries its {@link StreamFrame#events() events} (a converted stream) gives them as
   * they are, without decoding its bytes again; the answer's model in {@link StreamEvent.Start} is
   * the client's model, as in the bytes. A frame of bytes only (a stream passed through, or an error
   * frame made from a message) is parsed and decoded. Not thread-safe; one per stream.
   */
  public static final class FrameReader {
    private final StreamDecoder decoder;
    private final ConvertContext context;
    private boolean fromEvents;

    private FrameReader(StreamDecoder decoder, ConvertContext context) {
      this.decoder = decoder;
      this.context = context;
    }

    /**
     * Reads one frame.
     *
     * @param frame the next frame of the stream
     * @return the common events it carries, maybe none; the caller owns the list
     */
    public List<StreamEvent> onFrame(StreamFrame frame) {
      List<StreamEvent> events = frame.events();
      if (events != null) {
        fromEvents = true;
        return clientView(events);
      }
      List<StreamEvent> out = new ArrayList<>();
      for (SseEvent e : SseParser.parse(frame.bytes())) out.addAll(decoder.onEvent(e));
      return out;
    }

    /**
     * The stream ended. For a stream decoded from its bytes, returns the events that close what is
     * still open when the terminal event was not seen; a stream whose frames carried their events
     * was closed by its converter already, so nothing follows.
     *
     * @return the closing events, maybe none
     */
    public List<StreamEvent> finish() {
      return fromEvents ? new ArrayList<>() : decoder.finish();
    }

    private List<StreamEvent> clientView(List<StreamEvent> events) {
      List<StreamEvent> out = new ArrayList<>(events);
      String model = context.clientModel();
      if (model == null) return out;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i) instanceof StreamEvent.Start s && !model.equals(s.model())) {
          out.set(i, new StreamEvent.Start(s.id(), model, s.usage()));
        }
      }
      return out;
    }
  }
}
