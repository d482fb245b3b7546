package dev.llmrouter.server.ingress;

import io.undertow.client.ClientConnection;
import java.io.IOException;

/** Closing the upstream client's connections: at once where the socket can be reached. Stateless. */
final class ClientConnections {
  /** The socket under an HTTP/1.1 client connection, closed at once by {@link #closeNow}; null when not reachable. */
  private static final java.lang.reflect.Field SOCKET = socketField();

  private ClientConnections() {}

  private static java.lang.reflect.Field socketField() {
    try {
      java.lang.reflect.Field f = Class.forName("io.undertow.client.http.HttpClientConnection")
          .getDeclaredField("connection");
      f.setAccessible(true);
      return f.getType() == org.xnio.StreamConnection.class ? f : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Closes a connection's socket at once; the graceful close where the socket cannot be reached. */
  static void closeNow(ClientConnection c) {
    if (SOCKET != null && SOCKET.getDeclaringClass().isInstance(c)) {
      try {
        org.xnio.IoUtils.safeClose((org.xnio.StreamConnection) SOCKET.get(c));
      } catch (IllegalAccessException | RuntimeException e) {
        // fall back to the graceful close below
      }
    }
    close(c);
  }

  /** Closes a connection gracefully, as far as it can be. */
  static void close(ClientConnection c) {
    try {
      c.close();
    } catch (IOException | RuntimeException ignored) {
      // closing is best effort
    }
  }
}
