package dev.llmrouter.scheduler;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.convert.TypedCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The blocking and asynchronous calls shared by {@link ClientApi} and {@link GeminiApi}: raw JSON
 * in, {@link Answer} or {@link EventStream} out, and the typed variants that go through the
 * client protocol's codec. A typed stream takes the common events that converted frames carry, and
 * decodes only frames of bytes alone (passthrough). Stateless apart from the router.
 */
final class Calls {
  private final Router router;
  private final TypedCodec codec;

  Calls(Router router, TypedCodec codec) {
    this.router = router;
    this.codec = codec;
  }

  Answer send(ClientRequest request) {
    requireStream(request, false);
    try (RoutedResponse r = router.route(request, new CancelSignal())) {
      return answerOf(r);
    }
  }

  CompletableFuture<Answer> sendAsync(ClientRequest request) {
    requireStream(request, false);
    CompletableFuture<Answer> future = new CompletableFuture<>();
    CancelSignal cancel = new CancelSignal();
    future.whenComplete((a, e) -> {
      if (future.isCancelled()) cancel.cancel();
    });
    try {
      router.executor.execute(() -> {
        if (future.isDone()) return;
        try (RoutedResponse r = router.route(request, cancel)) {
          future.complete(answerOf(r));
        } catch (RuntimeException | Error e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
    return future;
  }

  EventStream<StreamFrame> stream(ClientRequest request) {
    requireStream(request, true);
    return EventStream.frames(open(request));
  }

  ChatResponse send(ChatRequest typed, RequestFactory factory) {
    ConvertContext ctx = context(typed.model(), false);
    Answer answer = send(factory.create(codec.encodeRequest(typed, ctx), false));
    if (!answer.isSuccessful()) throw failure(answer);
    try {
      return codec.decodeResponse(answer.body(), ctx);
    } catch (MalformedJsonException e) {
      throw new RouterCallException("the answer is not a JSON object: " + e.getMessage(), answer);
    }
  }

  EventStream<StreamEvent> stream(ChatRequest typed, RequestFactory factory) {
    ConvertContext ctx = context(typed.model(), true);
    RoutedResponse r = open(factory.create(codec.encodeRequest(typed, ctx), true));
    TypedCodec.FrameReader reader = codec.newFrameReader(ctx);
    return new EventStream<>(r, new EventStream.Decoder<>() {
      @Override
      public List<StreamEvent> onFrame(StreamFrame frame) {
        return reader.onFrame(frame);
      }

      @Override
      public List<StreamEvent> finish() {
        return reader.finish();
      }
    });
  }

  /** Makes the client request for an encoded typed request. */
  interface RequestFactory {
    ClientRequest create(byte[] body, boolean stream);
  }

  private RoutedResponse open(ClientRequest request) {
    RoutedResponse r = router.route(request, new CancelSignal());
    if (r.isStream()) return r;
    try (r) {
      Answer answer = answerOf(r);
      throw answer.isSuccessful()
          ? new RouterCallException("the upstream answered without a stream", answer) : failure(answer);
    }
  }

  private RouterCallException failure(Answer answer) {
    // Null when the body is not JSON in the client's shape: the status alone says it.
    String message = codec.errorMessage(answer.body());
    return new RouterCallException(answer.status() + (message == null ? "" : " " + message), answer);
  }

  private static ConvertContext context(String model, boolean stream) {
    return new ConvertContext(model, model, stream, () -> Long.toHexString(ThreadLocalRandom.current().nextLong()),
        false, false);
  }

  private static void requireStream(ClientRequest request, boolean stream) {
    if (request.stream() != stream) {
      throw new IllegalArgumentException(stream
          ? "stream() needs a request that asks for a stream (\"stream\": true); use send() otherwise"
          : "send() needs a request that does not ask for a stream; use stream() for \"stream\": true");
    }
  }

  /** The whole answer; a streamed one (from an unusual provider) is read to its end. */
  private static Answer answerOf(RoutedResponse r) {
    if (!r.isStream()) return Answer.of(r);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      for (StreamFrame f = r.nextFrame(); f != null; f = r.nextFrame()) buf.writeBytes(f.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Answer(r.status(), r.headers(), r.contentType(), buf.toByteArray(), r.channel(), r.attempts());
  }
}
