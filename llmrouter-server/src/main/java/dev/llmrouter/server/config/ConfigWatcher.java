package dev.llmrouter.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one file and calls back once the file has been unchanged for the debounce time after a
 * change. Each poll reads the file's attributes, following symlinks: its size, modification time,
 * status-change time (where the platform reports it) and file key (device and inode). So an edit in
 * place, an edit that keeps the size, an editor's save by renaming a new file over the old one, a
 * delete and re-create, and a Kubernetes ConfigMap or Secret update (which swaps a {@code ..data}
 * symlink, so the file's own name never changes) are all seen. Writes to other files in the same
 * directory, such as the metrics history's SQLite database beside the channel file, wake nothing:
 * a directory watch woke for each of them.
 *
 * <p>File times have a granularity (a clock tick of a few milliseconds on Linux, up to two seconds
 * on some file systems), so two edits of the same size within one tick can leave the same
 * attributes. While the file's last change is younger than {@link #RACY_WINDOW}, each poll also
 * compares a hash of the content.
 *
 * <p>The callback can be called when the content did not change (the file was rewritten with the
 * same bytes, deleted, or its permissions changed); it reads the file and decides. It runs on the
 * watcher thread, and a {@link RuntimeException} it throws is logged. Runs one daemon thread;
 * {@link #close()} stops it. This class is thread-safe.
 */
final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  /**
   * How often the file is polled. A poll is one {@code stat} of the file, so two a second cost
   * nothing measurable, idle or under load (a directory watch woke at every transaction of the
   * metrics history, 20 a second under traffic), and a hand edit is live within the interval plus
   * the debounce (0.75 s with the server's 250 ms), inside the second that the README promises.
   */
  static final Duration INTERVAL = Duration.ofMillis(500);

  /** How long after a file's last change a later edit may still leave the same attributes. */
  static final Duration RACY_WINDOW = Duration.ofSeconds(2);

  /** The stamp of a file that does not exist. */
  private static final String ABSENT = "absent";
  private static final byte[] NO_CONTENT = new byte[0];

  private final Path file;
  private final String attributes;
  private final long intervalNanos;
  private final long debounceNanos;
  private final Runnable onChange;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  /** The file's attributes at the last poll (or {@link #ABSENT}, or why they could not be read). */
  private Object stamp;
  /** The content's hash taken with {@link #stamp} while that is racy, else null. */
  private byte[] contentHash;
  /** Polls done so far; guarded by this. */
  private long polls;

  /** Starts polling every {@link #INTERVAL}. */
  ConfigWatcher(Path file, Duration debounce, Runnable onChange) {
    this(file, INTERVAL, debounce, onChange);
  }

  /** Starts polling every {@code interval}; the state of the file now is the one changes are seen against. */
  ConfigWatcher(Path file, Duration interval, Duration debounce, Runnable onChange) {
    this.file = file;
    this.attributes = file.getFileSystem().supportedFileAttributeViews().contains("unix")
        ? "unix:size,lastModifiedTime,ctime,fileKey" : "size,lastModifiedTime,fileKey";
    this.intervalNanos = interval.toNanos();
    this.debounceNanos = debounce.toNanos();
    this.onChange = onChange;
    settle();
    this.thread = new Thread(this::run, "llmrouter-config-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    boolean pending = false;
    long due = 0;
    try {
      while (!stopped.await(Math.max(0, pending ? due - System.nanoTime() : intervalNanos), TimeUnit.NANOSECONDS)) {
        if (changed()) {
          pending = true;
          due = System.nanoTime() + debounceNanos;
        } else if (pending) {
          pending = false;
          fire();
        }
        countPoll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the file's state, tells whether it differs from the last one seen, and remembers it. */
  private boolean changed() {
    Object now = readStamp();
    if (!now.equals(stamp)) {
      settle();
      return true;
    }
    if (contentHash == null) return false;
    long wall = System.currentTimeMillis();
    byte[] hash = hashContent();
    Object after = readStamp();
    boolean changed = !after.equals(stamp) || !Arrays.equals(hash, contentHash);
    stamp = after;
    contentHash = racy(after, wall) ? hash : null;
    return changed;
  }

  /**
   * Takes the file's state as the one to compare with. The content is hashed before the attributes
   * are read again, so an edit between the two leaves a hash older than the attributes, which the
   * next poll finds different.
   */
  private void settle() {
    long wall = System.currentTimeMillis();
    Object first = readStamp();
    if (!racy(first, wall)) {
      stamp = first;
      contentHash = null;
      return;
    }
    contentHash = hashContent();
    stamp = readStamp();
  }

  /** True when a stamp's last change is so recent that a later edit could leave the same attributes. */
  private static boolean racy(Object stamp, long wallMillis) {
    if (!(stamp instanceof Map<?, ?> attrs)) return false;
    long changed = ((FileTime) attrs.get("lastModifiedTime")).toMillis();
    if (attrs.get("ctime") instanceof FileTime ctime) changed = Math.max(changed, ctime.toMillis());
    return wallMillis - changed < RACY_WINDOW.toMillis();
  }

  private Object readStamp() {
    try {
      return Files.readAttributes(file, attributes);
    } catch (NoSuchFileException e) {
      return ABSENT;
    } catch (IOException | RuntimeException e) {
      return "unreadable: " + e.getClass().getName();
    }
  }

  private byte[] hashContent() {
    try {
      return ChannelStore.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      return NO_CONTENT;
    }
  }

  private void fire() {
    try {
      onChange.run();
    } catch (RuntimeException e) {
      log.warn("[Config-Watcher] reload of {} failed: {}", file, e.toString());
    }
  }

  private synchronized void countPoll() {
    polls++;
    notifyAll();
  }

  /** The polls done so far, each with the callback it led to. */
  synchronized long polls() {
    return polls;
  }

  /**
   * Waits until {@code count} polls have been done in all, or the timeout passes; tests use it to
   * know that the watcher has looked.
   *
   * @return whether the count was reached
   */
  synchronized boolean awaitPolls(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (polls < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Stops the watcher thread and waits briefly for it to end. */
  @Override
  public void close() {
    stopped.countDown();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
