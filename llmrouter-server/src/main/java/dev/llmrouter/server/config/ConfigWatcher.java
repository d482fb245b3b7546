package dev.llmrouter.server.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directory of one file and calls back once the file has been quiet for the debounce
 * time after a change. The directory is watched, not the file, so editors that save by writing a
 * new file and renaming it over the old one are seen. Runs one daemon thread; {@link #close()}
 * stops it. This class is thread-safe.
 */
final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final long debounceNanos;
  private final Runnable onChange;
  private final WatchService service;
  private final Thread thread;

  /**
   * Starts watching.
   *
   * @throws IOException when the directory cannot be watched
   */
  ConfigWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
    this.file = file;
    this.debounceNanos = debounce.toNanos();
    this.onChange = onChange;
    this.service = FileSystems.getDefault().newWatchService();
    file.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = new Thread(this::run, "llmrouter-config-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long due = 0;
    boolean pending = false;
    try {
      while (true) {
        WatchKey key;
        if (pending) {
          long wait = due - System.nanoTime();
          key = wait > 0 ? service.poll(wait, TimeUnit.NANOSECONDS) : null;
        } else {
          key = service.take();
        }
        if (key == null) {
          pending = false;
          fire();
          continue;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(event.context())) {
            pending = true;
            due = System.nanoTime() + debounceNanos;
          }
        }
        if (!key.reset()) {
          log.warn("[Config-Watcher] stopped watching {}: the directory is no longer accessible", file.getParent());
          return;
        }
      }
    } catch (ClosedWatchServiceException e) {
      // close() was called.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fire() {
    try {
      onChange.run();
    } catch (RuntimeException e) {
      log.warn("[Config-Watcher] reload of {} failed: {}", file, e.toString());
    }
  }

  /** Stops the watcher thread and waits briefly for it to end. */
  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("[Config-Watcher] closing the watch service: {}", e.toString());
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
