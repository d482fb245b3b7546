package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** The idle connections of the IO-thread client: newest first, capped, and closed off the IO thread. */
class IdleConnectionsTest {
  private XnioWorker worker;
  private XnioIoThread io;
  private final AtomicInteger closes = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
    io = worker.getIoThread(0);
  }

  @AfterEach
  void stop() {
    worker.shutdownNow();
  }

  /** A connection that is open until closed, and counts its closes. */
  private IdleConnections.Pooled connection() {
    boolean[] open = {true};
    return (IdleConnections.Pooled) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {IdleConnections.Pooled.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "isOpen" -> open[0];
          case "closeNow" -> {
            open[0] = false;
            closes.incrementAndGet();
            yield null;
          }
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> null;
        });
  }

  @Test
  void theNewestIsTakenFirst() {
    IdleConnections<IdleConnections.Pooled> idle = new IdleConnections<>(Duration.ofMinutes(1), Runnable::run);
    IdleConnections.Pooled older = connection();
    IdleConnections.Pooled newer = connection();
    idle.put(io, "http://h:1", older);
    idle.put(io, "http://h:1", newer);
    assertSame(newer, idle.take(io, "http://h:1"));
    assertSame(older, idle.take(io, "http://h:1"));
    assertNull(idle.take(io, "http://h:1"));
    assertNull(idle.take(io, "http://other:1"));
  }

  @Test
  void theOldestBeyondTheCapAreClosedByTheCloserNotOnTheCallersThread() {
    List<Runnable> handedOver = new ArrayList<>();
    IdleConnections<IdleConnections.Pooled> idle = new IdleConnections<>(Duration.ofMinutes(1), handedOver::add);
    List<IdleConnections.Pooled> all = new ArrayList<>();
    for (int i = 0; i < IdleConnections.MAX_PER_ADDRESS + 2; i++) {
      IdleConnections.Pooled c = connection();
      all.add(c);
      idle.put(io, "http://h:1", c);
    }
    // The two oldest are out of the pool, but not closed by put().
    assertEquals(0, closes.get());
    assertEquals(2, handedOver.size());
    handedOver.forEach(Runnable::run);
    assertEquals(2, closes.get());
    assertEquals(false, all.get(0).isOpen());
    assertEquals(false, all.get(1).isOpen());
    // The pool kept the rest, newest first.
    assertSame(all.get(all.size() - 1), idle.take(io, "http://h:1"));
  }

  @Test
  void aCloserThatRefusesHasThemClosedAtOnce() {
    Executor refusing = task -> {
      throw new RejectedExecutionException("full");
    };
    IdleConnections<IdleConnections.Pooled> idle = new IdleConnections<>(Duration.ofMinutes(1), refusing);
    for (int i = 0; i < IdleConnections.MAX_PER_ADDRESS + 1; i++) idle.put(io, "http://h:1", connection());
    assertEquals(1, closes.get());
  }

  @Test
  void connectionsPastTheirKeepAliveAreNotTakenAndAreClosed() {
    // A keep-alive of zero: every idle connection is past it as soon as it is put.
    IdleConnections<IdleConnections.Pooled> idle = new IdleConnections<>(Duration.ZERO, Runnable::run);
    idle.put(io, "http://h:1", connection());
    assertNull(idle.take(io, "http://h:1"));
    assertEquals(1, closes.get());
    // put() lets go of the ones past it too.
    idle.put(io, "http://h:1", connection());
    idle.put(io, "http://h:1", connection());
    assertEquals(2, closes.get());
  }
}
