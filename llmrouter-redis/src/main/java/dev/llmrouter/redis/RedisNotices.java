package dev.llmrouter.redis;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Configuration change notices between routers: a router that changed its channel file (an admin
 * edit, a file reload, a key it demoted) publishes the file's new content; every other router gets
 * it within milliseconds and applies it (re-reading a shared file, or writing its own copy). The
 * newest content is also kept under the {@code config} key: a router that was cut off from Redis
 * reads it when the link is back, and one whose own file changed meanwhile publishes its content
 * instead. On the first connection nothing is read: the local file is the source of truth at start.
 * Thread-safe.
 */
public final class RedisNotices {
  private final RedisBackend backend;
  private volatile byte[] unsent;
  private boolean connectedBefore;

  RedisNotices(RedisBackend backend) {
    this.backend = backend;
  }

  /** Tells the other routers of the new content; never blocks, never throws. */
  public void publish(byte[] content) {
    var cmd = backend.commands();
    if (cmd == null) {
      unsent = content.clone();
      return;
    }
    String text = backend.instanceId() + "\n" + new String(content, StandardCharsets.UTF_8);
    try {
      backend.watch(cmd.set(backend.key("config"), text));
      backend.watch(cmd.publish(backend.key("config-notices"), text));
    } catch (RuntimeException e) {
      backend.failed(e);
      unsent = content.clone();
    }
  }

  /**
   * Receives the content other routers publish, on the link's thread (it may read and write files).
   *
   * @param handler gets the new file content; must not throw
   */
  public void subscribe(Consumer<byte[]> handler) {
    backend.subscribe("config-notices", text -> deliver(text, handler));
    backend.onReconnect("config", () -> catchUp(handler));
  }

  private void catchUp(Consumer<byte[]> handler) {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    byte[] mine = unsent;
    if (mine != null) {
      unsent = null;
      publish(mine);
      return;
    }
    var cmd = backend.commands();
    if (cmd == null) return;
    try {
      String latest = backend.await(cmd.get(backend.key("config")));
      if (latest != null) deliver(latest, handler);
    } catch (RedisUnavailableException e) {
      // The next reconnection tries again.
    }
  }

  private void deliver(String text, Consumer<byte[]> handler) {
    int nl = text.indexOf('\n');
    if (nl < 0 || text.substring(0, nl).equals(backend.instanceId())) return;
    handler.accept(text.substring(nl + 1).getBytes(StandardCharsets.UTF_8));
  }
}
