package dev.llmrouter.server.config;

import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live channel configuration and its file. Every change (an admin edit, a snapshot the router
 * changed itself, a hand edit of the file) becomes a new immutable {@link ChannelSnapshot} that is
 * swapped in whole; requests in flight keep the snapshot they started with.
 *
 * <p>Writes are serialised by one lock. Before each write the current file is copied into
 * {@code backups/} beside it (the newest 10 are kept); the new content goes to a temporary file
 * that is synced and renamed over the old one, so a crash leaves the old or the new file, never a
 * mix. A write that fails changes nothing in memory.
 *
 * <p>With {@link #watch(Duration)} the file is polled (see {@link ConfigWatcher}): a change made by
 * someone else is parsed into a fresh snapshot and swapped in; a file that does not parse or validate is refused
 * with one {@code [Config-Watcher]} line naming the file, line and reason, and the running snapshot
 * stays. The store's own writes are recognised by their content hash and not reloaded.
 *
 * <p>Changes the router makes itself go through {@link #changeInBackground} (or, for a snapshot it
 * has already put in use, {@link #persistInBackground}); they are written by a background thread,
 * never on a request's.
 *
 * <p>This class is thread-safe. {@link #close()} stops the watcher and the background writer.
 */
public final class ChannelStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChannelStore.class);
  /** Backups kept beside the file. */
  public static final int BACKUPS_KEPT = 10;

  private final ChannelFile file;
  private final ConfigCodec codec;
  private final Consumer<ChannelSnapshot> sink;
  private final Backups backups;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicReference<ChannelSnapshot> pendingBackground = new AtomicReference<>();
  private final ConcurrentLinkedQueue<UnaryOperator<ChannelSnapshot>> queuedChanges = new ConcurrentLinkedQueue<>();
  private final ExecutorService backgroundWriter;
  private volatile ChannelSnapshot current;
  /** SHA-256 of the file content that {@link #current} came from or was written as; guarded by lock. */
  private byte[] knownHash;
  /** SHA-256 of the last refused content, so one broken edit is reported once; guarded by lock. */
  private byte[] refusedHash;
  private ConfigWatcher watcher;
  /** Told of every change this store writes or reloads (see {@link #onChange}); called under the lock. */
  private volatile Consumer<byte[]> changeNotices = bytes -> {};
  /** The content of the last write or reload; guarded by lock. */
  private byte[] lastBytes;
  /** True while a change published by another instance is applied: it is not announced again. */
  private boolean adopting;

  private ChannelStore(ChannelFile file, Consumer<ChannelSnapshot> sink, Clock clock) {
    this.file = file;
    this.codec = file.codec();
    this.sink = sink;
    this.backups = new Backups(file.path(), BACKUPS_KEPT, clock);
    this.backgroundWriter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "llmrouter-config-writer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Loads the file (creating an empty one when it is missing, and rewriting it when ids were added or
   * legacy fields migrated, after a backup) and hands the snapshot to the sink.
   *
   * @param sink receives every snapshot the store swaps in, starting with the loaded one (usually
   *     {@code router::setSnapshot}); called under the writer lock, so it must be quick
   * @throws ChannelFile.ChannelFileException when the file cannot be read, parsed or validated
   */
  public static ChannelStore open(ChannelFile file, Consumer<ChannelSnapshot> sink, Clock clock) {
    ChannelStore store = new ChannelStore(file, Objects.requireNonNull(sink, "sink"), clock);
    try {
      store.load();
    } catch (RuntimeException e) {
      store.backgroundWriter.shutdown();
      throw e;
    }
    return store;
  }

  private void load() {
    lock.lock();
    try {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file.path());
      } catch (NoSuchFileException e) {
        ChannelSnapshot empty = ChannelSnapshot.empty();
        writeLocked(empty);
        log.info("[Config-Init] created an empty channel file at {}", file.path());
        swap(empty);
        return;
      }
      ConfigCodec.Loaded loaded = file.parse(bytes);
      knownHash = sha256(bytes);
      for (String note : loaded.notes()) log.info("[Config-Migration] {}", note);
      if (loaded.changed()) {
        try {
          writeLocked(loaded.snapshot());
        } catch (IOException e) {
          log.warn("[Config-Migration] could not write the migrated channel file {}: {}", file.path(), e.toString());
        }
      }
      swap(loaded.snapshot());
    } catch (IOException e) {
      throw new ChannelFile.ChannelFileException(file.path() + ": cannot read or create: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** The snapshot in use now. */
  public ChannelSnapshot snapshot() {
    ChannelSnapshot p = pendingBackground.get();
    return p != null ? p : current;
  }

  public ChannelFile file() {
    return file;
  }

  /**
   * Applies a change and, when it produced a different snapshot, writes the file (backup first) and
   * swaps the result in. The change runs under the writer lock on the latest snapshot; an exception
   * it throws propagates and nothing is written.
   *
   * @return the snapshot in use afterwards
   * @throws IOException when the file cannot be written; the running snapshot is then unchanged
   */
  public ChannelSnapshot update(UnaryOperator<ChannelSnapshot> change) throws IOException {
    lock.lock();
    try {
      adoptPendingBackground();
      pickUpExternalEdit();
      ChannelSnapshot next = Objects.requireNonNull(change.apply(current), "change returned null");
      if (next == current) return current;
      writeLocked(next);
      swap(next);
      announce();
      return next;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a snapshot that the router has already put in use (for example after demoting a key) and
   * writes it on a background thread, never on the caller's. Later admin edits build on it. Calls
   * close together: only the newest pending snapshot is written.
   */
  public void persistInBackground(ChannelSnapshot snapshot) {
    if (pendingBackground.getAndSet(Objects.requireNonNull(snapshot, "snapshot")) != null) return;
    try {
      backgroundWriter.execute(this::writePendingBackground);
    } catch (RejectedExecutionException e) {
      log.warn("[Config-Save] store closed; a router change was not written");
    }
  }

  /**
   * Applies a change on the background writer to the snapshot current at that moment, swaps the
   * result in (the sink gets it) and writes it; the caller never waits. Because the change is a
   * function of the latest snapshot, it can neither undo nor be undone by an admin edit that races
   * with it, which makes this the safer way for the router to persist its own changes (such as moving
   * a quota-failed key last). A change that throws is logged and skipped.
   */
  public void changeInBackground(UnaryOperator<ChannelSnapshot> change) {
    queuedChanges.add(Objects.requireNonNull(change, "change"));
    try {
      backgroundWriter.execute(this::writePendingBackground);
    } catch (RejectedExecutionException e) {
      log.warn("[Config-Save] store closed; a background change was not applied");
    }
  }

  private void writePendingBackground() {
    lock.lock();
    try {
      ChannelSnapshot before = current;
      adoptPendingBackground();
      ChannelSnapshot adopted = current;
      ChannelSnapshot next = adopted;
      for (UnaryOperator<ChannelSnapshot> change; (change = queuedChanges.poll()) != null; ) {
        try {
          next = Objects.requireNonNull(change.apply(next), "change returned null");
        } catch (RuntimeException e) {
          log.warn("[Config-Save] a background change failed and was skipped: {}", e.toString());
        }
      }
      if (next == before) return;
      writeLocked(next);
      if (next != adopted) {
        swap(next);
      }
      announce();
    } catch (IOException e) {
      log.warn("[Config-Save] could not write {}: {}", file.path(), e.toString());
    } finally {
      lock.unlock();
    }
  }

  /** Makes a snapshot handed over by the router the base of what follows; the sink already has it. */
  private void adoptPendingBackground() {
    ChannelSnapshot p = pendingBackground.getAndSet(null);
    if (p != null) current = p;
  }

  /**
   * Starts watching the file for changes made by others: its attributes are polled twice a second,
   * and a change is applied once the file has been quiet for {@code debounce}. The store's own
   * writes are seen too, and recognised by their content hash.
   */
  public void watch(Duration debounce) {
    lock.lock();
    try {
      if (watcher == null) watcher = new ConfigWatcher(file.path(), debounce, this::reloadFromDisk);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads the file and swaps it in when it differs from what the store knows. Called by the watcher;
   * public so that a signal or an admin route can trigger it too.
   *
   * @return true when a new snapshot was swapped in
   */
  public boolean reloadFromDisk() {
    lock.lock();
    try {
      return pickUpExternalEdit();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: applies the file on disk when someone else changed it. */
  private boolean pickUpExternalEdit() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file.path());
    } catch (NoSuchFileException e) {
      log.warn("[Config-Watcher] {} is gone; the running configuration stays and the next change writes it again",
          file.path());
      return false;
    } catch (IOException e) {
      log.warn("[Config-Watcher] cannot read {}: {}", file.path(), e.toString());
      return false;
    }
    byte[] hash = sha256(bytes);
    if (Arrays.equals(hash, knownHash) || Arrays.equals(hash, refusedHash)) return false;
    ConfigCodec.Loaded loaded;
    try {
      loaded = file.parse(bytes);
    } catch (ChannelFile.ChannelFileException e) {
      refusedHash = hash;
      log.warn("[Config-Watcher] refused {}; the running configuration stays", e.getMessage());
      return false;
    }
    refusedHash = null;
    knownHash = hash;
    lastBytes = bytes;
    pendingBackground.set(null);
    for (String note : loaded.notes()) log.info("[Config-Migration] {}", note);
    if (loaded.changed()) {
      try {
        writeLocked(loaded.snapshot());
      } catch (IOException e) {
        log.warn("[Config-Watcher] could not write ids back to {}: {}", file.path(), e.toString());
      }
    }
    ChannelSnapshot before = current;
    swap(loaded.snapshot());
    log.info("[Config-Watcher] reloaded {}: {}", file.path(), SnapshotDiff.summary(before, loaded.snapshot()));
    announce();
    return true;
  }

  /**
   * Receives the file content after every change this store makes or reloads from its file (an admin
   * edit, a router change, a hand edit), so that other instances can apply it; not after a change
   * applied through {@link #adoptPublished}. Called under the writer lock: it must be quick.
   */
  public void onChange(Consumer<byte[]> notices) {
    this.changeNotices = Objects.requireNonNull(notices, "notices");
  }

  /**
   * Applies a channel file content that another instance published after changing its own. When the
   * file on disk already holds it (instances sharing one file), it is reloaded from disk; otherwise
   * (each instance with its own copy) it is written here, backup first, and swapped in. Content that
   * does not parse or validate is refused with a log line, and the running snapshot stays.
   *
   * @return true when a new snapshot was swapped in
   */
  public boolean adoptPublished(byte[] content) {
    lock.lock();
    try {
      byte[] hash = sha256(content);
      if (Arrays.equals(hash, knownHash)) return false;
      adopting = true;
      byte[] onDisk;
      try {
        onDisk = Files.readAllBytes(file.path());
      } catch (IOException e) {
        onDisk = null;
      }
      if (onDisk != null && Arrays.equals(sha256(onDisk), hash)) {
        boolean changed = pickUpExternalEdit();
        if (changed) log.info("[Config-Notice] applied a change announced by another instance (shared file)");
        return changed;
      }
      ConfigCodec.Loaded loaded;
      try {
        loaded = file.parse(content);
      } catch (ChannelFile.ChannelFileException e) {
        log.warn("[Config-Notice] refused a change announced by another instance; the running configuration "
            + "stays: {}", e.getMessage());
        return false;
      }
      try {
        backups.save(file.path());
      } catch (IOException e) {
        log.warn("[Config-Backup] could not back up {}: {}", file.path(), e.toString());
      }
      file.writeBytes(content);
      knownHash = hash;
      lastBytes = content;
      refusedHash = null;
      pendingBackground.set(null);
      swap(loaded.snapshot());
      log.info("[Config-Notice] applied a change announced by another instance to {}", file.path());
      return true;
    } catch (IOException e) {
      log.warn("[Config-Notice] could not write {}: {}", file.path(), e.toString());
      return false;
    } finally {
      adopting = false;
      lock.unlock();
    }
  }

  /** Under the lock: tells the change notices of the last content, unless it came from one. */
  private void announce() {
    if (adopting || lastBytes == null) return;
    try {
      changeNotices.accept(lastBytes);
    } catch (RuntimeException e) {
      log.warn("[Config-Notice] announcing a change failed: {}", e.toString());
    }
  }

  /** Under the lock: backup, atomic write, remember the hash. */
  private void writeLocked(ChannelSnapshot next) throws IOException {
    byte[] bytes = codec.write(next);
    try {
      backups.save(file.path());
    } catch (IOException e) {
      log.warn("[Config-Backup] could not back up {}: {}", file.path(), e.toString());
    }
    file.writeBytes(bytes);
    knownHash = sha256(bytes);
    lastBytes = bytes;
  }

  private void swap(ChannelSnapshot next) {
    current = next;
    sink.accept(next);
  }

  /** SHA-256 of {@code bytes}; the watcher compares file contents with it too. */
  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** Stops the watcher, writes a pending background snapshot, and stops the writer thread. */
  @Override
  public void close() {
    ConfigWatcher w;
    lock.lock();
    try {
      w = watcher;
      watcher = null;
    } finally {
      lock.unlock();
    }
    if (w != null) w.close();
    backgroundWriter.shutdown();
    try {
      if (!backgroundWriter.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("[Config-Save] background writer did not finish within 5s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
