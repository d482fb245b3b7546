package dev.llmrouter.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import dev.llmrouter.server.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback for the standalone server from {@link Settings.Logging}: console on or off, a
 * file rotated by size into {@code name.1.log[.gz]} ... {@code name.N.log[.gz]} (N backups, those
 * older than the age limit deleted, gzip on demand), text or JSON lines. Only {@code Main} calls it, before the server starts: an application
 * that embeds the server keeps its own logging. Nothing happens when SLF4J is bound to another
 * backend.
 */
public final class LogSetup {
  /** Text lines: time, level, logger, message (which starts with its {@code [Component-Action]} tag). */
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n%ex";

  /** The most rotated files Logback's fixed window keeps. */
  public static final int MAX_BACKUPS = 20;

  private LogSetup() {}

  /** True when SLF4J is bound to Logback, so that {@link #apply} can configure it. */
  public static boolean available() {
    try {
      Class.forName("ch.qos.logback.classic.LoggerContext", false, LogSetup.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return false;
    }
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
  }

  /**
   * Replaces Logback's configuration: the root level, the console and the file appenders.
   *
   * @param level error, warn, info or debug
   * @return false when SLF4J is not bound to Logback (nothing was changed)
   */
  public static boolean apply(Settings.Logging s, String level) {
    if (!available()) return false;
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    LoggerContext ctx = (LoggerContext) factory;
    ctx.reset();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    // Undertow, XNIO and JBoss speak up only for problems.
    for (String quiet : new String[] {"org.xnio", "io.undertow", "org.jboss"}) ctx.getLogger(quiet).setLevel(Level.WARN);
    // The shared Redis link logs its own single warning when Redis goes away; not one per reconnect try.
    ctx.getLogger("io.lettuce").setLevel(Level.ERROR);
    if (s.toConsole()) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setContext(ctx);
      console.setName("console");
      console.setEncoder(encoder(ctx, s.json()));
      console.start();
      root.addAppender(console);
    }
    Path path = s.path();
    if (path != null) {
      Path abs = path.toAbsolutePath();
      RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
      file.setContext(ctx);
      file.setName("file");
      file.setFile(abs.toString());
      file.setEncoder(encoder(ctx, s.json()));
      String name = abs.getFileName().toString();
      String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
      AgedRollingPolicy policy = new AgedRollingPolicy(Duration.ofDays(s.maxAgeDays()));
      policy.setContext(ctx);
      policy.setParent(file);
      policy.setFileNamePattern(abs.resolveSibling(base + ".%i.log" + (s.compress() ? ".gz" : "")).toString());
      policy.setMinIndex(1);
      policy.setMaxIndex(Math.min(s.maxBackups(), MAX_BACKUPS));
      policy.start();
      // The size is known on every line (counted, not read from the file), so a rotation is never late.
      WrittenSizeTrigger<ILoggingEvent> trigger = new WrittenSizeTrigger<>(s.maxSizeBytes());
      trigger.setContext(ctx);
      trigger.start();
      file.setTriggeringPolicy(trigger);
      file.setRollingPolicy(policy);
      file.start();
      root.addAppender(file);
    }
    return true;
  }

  /** Stops every appender (flushing the file); the next {@link #apply} starts afresh. */
  public static void stop() {
    if (available()) ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json) {
    if (json) {
      JsonLineEncoder e = new JsonLineEncoder();
      e.setContext(ctx);
      e.start();
      return e;
    }
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(TEXT_PATTERN);
    e.start();
    return e;
  }
}
