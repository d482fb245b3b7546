package dev.llmrouter.server.ingress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.XnioIoThread;

/**
 * The idle upstream connections of an {@link UpstreamClient}: each IO thread keeps its own, per
 * upstream address, newest first, for as long as the idle keep-alive and at most
 * {@value #MAX_PER_ADDRESS} per address. A thread's connections are only touched on that thread,
 * so they need no lock; the map of threads is concurrent. The connections the pool lets go of (past
 * their keep-alive, closed by the upstream, or beyond the cap) are closed by the closer, off the IO
 * thread: a connection closed on its IO thread has the thread poll every ready connection of its
 * selector once more (XNIO cancels its key with a {@code selectNow}), so that, when thousands of
 * streams end at once and the thread falls behind, each close costs more than the last; from
 * another thread a close only cancels the key and wakes the selector.
 */
final class IdleConnections<C extends IdleConnections.Pooled> {
  /** A connection as the pool keeps it. */
  interface Pooled {
    /** {@return whether the connection can still carry a request} */
    boolean isOpen();

    /** Closes the connection's socket at once. */
    void closeNow();
  }

  /** The most idle connections an IO thread keeps per upstream address. */
  static final int MAX_PER_ADDRESS = 64;

  private final long keepAliveNanos;
  private final Executor closer;
  private final Map<XnioIoThread, Map<String, ArrayDeque<Idle<C>>>> byThread = new ConcurrentHashMap<>();

  /** An idle connection and since when. */
  private record Idle<T>(T connection, long sinceNanos) {}

  /**
   * @param keepAlive how long an idle connection is kept
   * @param closer closes the connections put out of the pool; one that refuses has them closed at once
   */
  IdleConnections(Duration keepAlive, Executor closer) {
    this.keepAliveNanos = keepAlive.toNanos();
    this.closer = closer;
  }

  /**
   * Takes the newest open connection to {@code address} kept by {@code io}; on that thread.
   *
   * @return the connection, or null when there is none
   */
  C take(XnioIoThread io, String address) {
    Map<String, ArrayDeque<Idle<C>>> byAddress = byThread.get(io);
    if (byAddress == null) return null;
    ArrayDeque<Idle<C>> q = byAddress.get(address);
    if (q == null) return null;
    long now = System.nanoTime();
    List<C> out = null;
    C found = null;
    while (!q.isEmpty()) {
      Idle<C> i = q.pollLast();
      if (i.connection().isOpen() && now - i.sinceNanos() < keepAliveNanos) {
        found = i.connection();
        break;
      }
      if (out == null) out = new ArrayList<>(2);
      out.add(i.connection());
    }
    if (out != null) closeElsewhere(out);
    return found;
  }

  /** Keeps a connection whose answer was read to its end; on its IO thread. */
  void put(XnioIoThread io, String address, C c) {
    ArrayDeque<Idle<C>> q = byThread.computeIfAbsent(io, k -> new HashMap<>()).computeIfAbsent(address,
        k -> new ArrayDeque<>());
    long now = System.nanoTime();
    // The oldest go first: past their keep-alive, or beyond the cap.
    List<C> out = null;
    while (!q.isEmpty() && (now - q.peekFirst().sinceNanos() >= keepAliveNanos || q.size() >= MAX_PER_ADDRESS)) {
      if (out == null) out = new ArrayList<>(2);
      out.add(q.pollFirst().connection());
    }
    q.addLast(new Idle<>(c, now));
    if (out != null) closeElsewhere(out);
  }

  private void closeElsewhere(List<C> connections) {
    Runnable close = () -> {
      for (C c : connections) c.closeNow();
    };
    try {
      closer.execute(close);
    } catch (RejectedExecutionException e) {
      close.run();
    }
  }

  /** Closes every idle connection, each on its thread (at once where the thread has stopped). */
  void close() {
    for (Map.Entry<XnioIoThread, Map<String, ArrayDeque<Idle<C>>>> e : byThread.entrySet()) {
      Runnable closeAll = () -> {
        for (ArrayDeque<Idle<C>> q : e.getValue().values()) {
          while (!q.isEmpty()) q.pollFirst().connection().closeNow();
        }
      };
      try {
        e.getKey().execute(closeAll);
      } catch (RejectedExecutionException stopped) {
        // The thread has stopped: nothing else touches its connections any more.
        closeAll.run();
      }
    }
  }
}
