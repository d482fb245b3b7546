package dev.llmrouter.server.config;

import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.config.ConfigCodec;
import dev.llmrouter.api.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and atomically writes the channel file. A missing file is created with an empty
 * configuration; a file that does not parse or validate is refused with its path, line or field,
 * and reason, and is never overwritten.
 */
public final class ChannelFile {
  private static final Logger log = LoggerFactory.getLogger(ChannelFile.class);

  private final Path path;
  private final ConfigCodec codec;
  private final FileMover mover;

  /** Moves a fully written temporary file over the target; replaceable so tests can fail it. */
  @FunctionalInterface
  public interface FileMover {
    /** Atomic rename where the file system supports it, else a plain replacing move. */
    FileMover ATOMIC = (source, target) -> {
      try {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
    };

    void move(Path source, Path target) throws IOException;
  }

  public ChannelFile(Path path, ConfigCodec codec) {
    this(path, codec, FileMover.ATOMIC);
  }

  public ChannelFile(Path path, ConfigCodec codec, FileMover mover) {
    this.path = path.toAbsolutePath().normalize();
    this.codec = codec;
    this.mover = mover;
  }

  public Path path() {
    return path;
  }

  public ConfigCodec codec() {
    return codec;
  }

  /**
   * Loads the file, creating it when missing, and rewrites it when ids were added or legacy fields
   * migrated.
   *
   * @throws ChannelFileException when the file cannot be read, parsed or validated
   */
  public ChannelSnapshot loadOrCreate() {
    if (!Files.exists(path)) {
      ChannelSnapshot empty = ChannelSnapshot.empty();
      try {
        write(empty);
      } catch (IOException e) {
        throw new ChannelFileException(path + ": cannot create the channel file: " + e.getMessage(), e);
      }
      log.info("[Config-Init] created an empty channel file at {}", path);
      return empty;
    }
    ConfigCodec.Loaded loaded = read();
    for (String note : loaded.notes()) log.info("[Config-Migration] {}", note);
    if (loaded.changed()) {
      try {
        write(loaded.snapshot());
      } catch (IOException e) {
        log.warn("[Config-Migration] could not write migrated channel file {}: {}", path, e.getMessage());
      }
    }
    return loaded.snapshot();
  }

  /**
   * Reads and validates the file without changing it.
   *
   * @throws ChannelFileException naming the file, the line or field, and the reason
   */
  public ConfigCodec.Loaded read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new ChannelFileException(path + ": cannot read: " + e.getMessage(), e);
    }
    return parse(bytes);
  }

  /**
   * Parses and validates the bytes of a channel file. A fault in a field is reported with the line
   * the field is on, as in {@code /etc/config.json: line 7: upstream[0].baseUrl: must be ...}.
   *
   * @throws ChannelFileException naming the file, the line or field, and the reason
   */
  public ConfigCodec.Loaded parse(byte[] bytes) {
    try {
      return codec.read(bytes);
    } catch (ConfigException e) {
      int line = e.field().equals("$") ? 0 : JsonLines.lineOf(bytes, e.field());
      throw new ChannelFileException(path + ": " + (line > 0 ? "line " + line + ": " : "") + e.getMessage(), e);
    }
  }

  /**
   * Writes a snapshot atomically: to a temporary file in the same directory, synced, then renamed
   * over the file. A crash at any point leaves either the old or the new file, never a mix.
   */
  public void write(ChannelSnapshot snapshot) throws IOException {
    writeBytes(codec.write(snapshot));
  }

  /** Writes the file's whole content atomically (see {@link #write}). */
  public void writeBytes(byte[] bytes) throws IOException {
    writeAtomically(path, bytes, mover);
  }

  /** Writes bytes to a file atomically (temporary file, fsync, atomic rename). */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    writeAtomically(target, bytes, FileMover.ATOMIC);
  }

  /**
   * Writes bytes to a temporary file in the target's directory, syncs it, and hands it to the mover.
   * When anything fails the temporary file is removed and the target is left as it was.
   */
  public static void writeAtomically(Path target, byte[] bytes, FileMover mover) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      mover.move(tmp, target);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Makes the rename itself durable where the platform allows syncing a directory (Linux, macOS). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory as a channel; the rename is still atomic there.
      log.debug("[Config-Save] directory sync not supported for {}: {}", dir, e.toString());
    }
  }

  /** The channel file cannot be used. */
  public static final class ChannelFileException extends RuntimeException {
    public ChannelFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
