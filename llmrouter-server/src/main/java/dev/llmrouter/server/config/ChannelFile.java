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

  public ChannelFile(Path path, ConfigCodec codec) {
    this.path = path.toAbsolutePath().normalize();
    this.codec = codec;
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
    try {
      return codec.read(bytes);
    } catch (ConfigException e) {
      throw new ChannelFileException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a snapshot atomically: to a temporary file in the same directory, synced, then renamed
   * over the file. A crash at any point leaves either the old or the new file, never a mix.
   */
  public void write(ChannelSnapshot snapshot) throws IOException {
    writeAtomically(path, codec.write(snapshot));
  }

  /** Writes bytes to a file atomically (temporary file, fsync, atomic rename). */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The channel file cannot be used. */
  public static final class ChannelFileException extends RuntimeException {
    public ChannelFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
