package dev.llmrouter.server.http;

import io.undertow.connector.PooledByteBuffer;
import org.xnio.StreamConnection;

/**
 * What takes each accepted connection before Undertow does ({@link HttpListener}): it may serve
 * requests itself, and hands the connection to Undertow, with any bytes it read and did not use,
 * when it does not.
 */
public interface ConnectionFront {
  /** Undertow's side of the server, which a connection is handed to for good. */
  interface Server {
    /**
     * Takes a connection from the start of a request.
     *
     * @param read bytes read from the client and not used, from the request's first byte on; null
     *     or empty when none
     */
    void take(StreamConnection connection, PooledByteBuffer read);
  }

  /**
   * A connection was accepted; called on its IO thread.
   *
   * @param hangUps the conduit that tells a hang-up between requests from one during a request
   */
  void accepted(StreamConnection connection, IdleHangUps hangUps, Server server);
}
