package dev.llmrouter.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * Client sockets with a small receive buffer (4 KiB asked; the kernel doubles it), so that little
 * of an answer can wait in them: for an OkHttp client ({@code socketFactory}), which connects the
 * unconnected sockets it makes.
 */
final class SmallReceiveBuffers extends SocketFactory {
  /** {@return {@code base} rebuilt to connect with such sockets} */
  static OkHttpClient over(OkHttpClient base) {
    return base.newBuilder().socketFactory(new SmallReceiveBuffers()).build();
  }

  @Override
  public Socket createSocket() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    return socket;
  }

  // OkHttp makes unconnected sockets only; the connected kinds are refused.
  @Override
  public Socket createSocket(String host, int port) { throw unconnectedOnly(); }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort) { throw unconnectedOnly(); }

  @Override
  public Socket createSocket(InetAddress host, int port) { throw unconnectedOnly(); }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
    throw unconnectedOnly();
  }

  private static UnsupportedOperationException unconnectedOnly() {
    return new UnsupportedOperationException("only unconnected sockets");
  }
}
