package dev.llmrouter.server.ingress;

import dev.llmrouter.api.provider.StreamFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a Gemini stream the way {@code streamGenerateContent} answers without {@code alt=sse}: one
 * JSON array, {@code [} then each chunk object (separated by {@code ,}) then {@code ]}, every chunk
 * flushed as it arrives. The chunks are the {@code data:} payloads of the SSE frames. Not
 * thread-safe; one per response.
 */
final class JsonArrayStream {
  private static final byte[] OPEN = {'['};
  private static final byte[] SEPARATOR = ",\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = {']'};

  private final OutputStream out;
  /** What one frame adds, written to {@code out} in one piece. */
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
  private boolean opened;
  private boolean any;

  JsonArrayStream(OutputStream out) {
    this.out = out;
  }

  /** Writes the chunks of one frame and flushes. */
  void write(StreamFrame frame) throws IOException {
    open();
    String text = new String(frame.bytes(), StandardCharsets.UTF_8);
    StringBuilder data = null;
    for (String line : text.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        if (data != null) emit(data);
        data = null;
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        if (value.startsWith(" ")) value = value.substring(1);
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
    }
    if (data != null) emit(data);
    send();
  }

  private void emit(CharSequence chunk) {
    String json = chunk.toString().trim();
    if (json.isEmpty() || json.equals("[DONE]")) return;
    if (any) pending.writeBytes(SEPARATOR);
    pending.writeBytes(json.getBytes(StandardCharsets.UTF_8));
    any = true;
  }

  private void open() {
    if (opened) return;
    opened = true;
    pending.writeBytes(OPEN);
  }

  /** Ends the array. */
  void close() throws IOException {
    open();
    pending.writeBytes(CLOSE);
    send();
  }

  private void send() throws IOException {
    if (pending.size() > 0) {
      pending.writeTo(out);
      pending.reset();
    }
    out.flush();
  }
}
