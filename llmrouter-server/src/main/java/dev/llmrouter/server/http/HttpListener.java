package dev.llmrouter.server.http;

import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The server's HTTP/1.1 listener: Undertow's, with the XNIO worker and options its builder gives,
 * built here so that each accepted connection gets {@link IdleHangUps} under it before Undertow
 * takes it, and a {@link ConnectionFront} may serve it first (the builder has no such hooks). {@link #close()} stops accepting and stops the worker,
 * as Undertow's own stop does.
 */
public final class HttpListener implements AutoCloseable {
  private final XnioWorker worker;
  private final AcceptingChannel<StreamConnection> server;

  private HttpListener(XnioWorker worker, AcceptingChannel<StreamConnection> server) {
    this.worker = worker;
    this.server = server;
  }

  /**
   * Starts listening.
   *
   * @param ioThreads the IO threads
   * @param workerThreads the worker's own task threads (Undertow's dispatches without an executor)
   * @param socketOptions socket options beside the builder's defaults (which they override)
   * @param serverOptions Undertow's options beside the builder's defaults (which they override)
   * @param closer closes the connections whose clients hung up between requests ({@link IdleHangUps})
   * @param front takes each connection before Undertow, or null for none
   */
  public static HttpListener start(String host, int port, int ioThreads, int workerThreads, OptionMap socketOptions,
      OptionMap serverOptions, ByteBufferPool buffers, HttpHandler root, Executor closer, ConnectionFront front)
      throws IOException {
    XnioWorker worker = Xnio.getInstance(io.undertow.Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
        .set(Options.WORKER_IO_THREADS, ioThreads)
        .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
        .set(Options.CONNECTION_LOW_WATER, 1_000_000)
        .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
        .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
        .set(Options.TCP_NODELAY, true)
        .set(Options.CORK, true)
        .getMap());
    try {
      OptionMap sockets = OptionMap.builder()
          .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
          .set(Options.TCP_NODELAY, true)
          .set(Options.REUSE_ADDRESSES, true)
          .set(Options.BALANCING_TOKENS, 1)
          .set(Options.BALANCING_CONNECTIONS, 2)
          .set(Options.BACKLOG, 1000)
          .addAll(socketOptions)
          .getMap();
      OptionMap undertow = OptionMap.builder()
          .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
          .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
          .addAll(serverOptions)
          .getMap();
      HttpOpenListener open = new HttpOpenListener(buffers, undertow);
      open.setRootHandler(root);
      ConnectionFront.Server undertowSide = open::handleEvent;
      ChannelListener<StreamConnection> accepted = connection -> {
        IdleHangUps hangUps = IdleHangUps.watch(connection, closer);
        if (front == null) {
          open.handleEvent(connection);
        } else {
          front.accepted(connection, hangUps, undertowSide);
        }
      };
      AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
          new InetSocketAddress(InetAddress.getByName(host), port), ChannelListeners.openListenerAdapter(accepted),
          sockets);
      server.resumeAccepts();
      return new HttpListener(worker, server);
    } catch (IOException | RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** Stops accepting, then stops the worker once its threads are done (as Undertow's stop). */
  @Override
  public void close() {
    IoUtils.safeClose(server);
    worker.shutdown();
    try {
      worker.awaitTermination();
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
