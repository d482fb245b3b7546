package dev.llmrouter.server;

import dev.llmrouter.server.config.ChannelFile;
import dev.llmrouter.server.config.DotEnv;
import dev.llmrouter.server.config.Settings;
import dev.llmrouter.server.config.SettingsException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Starts the standalone server: {@code java -jar llmrouter-server-all.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream console = System.out;
    Map<String, String> env;
    try {
      env = DotEnv.merge(System.getenv(), DotEnv.read(Path.of(".env")));
    } catch (IOException e) {
      System.err.println("llmrouter: cannot read .env: " + e.getMessage());
      System.exit(2);
      return;
    }
    Settings settings;
    try {
      settings = Settings.load(env);
    } catch (SettingsException e) {
      System.err.println("llmrouter: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Logging is configured before the first logger exists.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", settings.logLevel());
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.log.org.xnio", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.undertow", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.jboss", "warn");
    // The shared Redis link logs its own single warning when Redis goes away; not one per reconnect try.
    System.setProperty("org.slf4j.simpleLogger.log.io.lettuce", "error");
    System.setProperty("org.jboss.logging.provider", "slf4j");
    ServerApp app;
    try {
      app = ServerApp.start(settings, null);
    } catch (ChannelFile.ChannelFileException e) {
      System.err.println("llmrouter: cannot start: channel file " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("llmrouter: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (app.generatedKey()) {
      // Printed once to the console, never to the log.
      console.println();
      console.println("  No PROXY_ACCESS_KEY is set, so this run uses a generated access key:");
      console.println();
      console.println("    " + app.accessKey());
      console.println();
      console.println("  Send it as x-api-key or Authorization: Bearer. To keep a key across runs, set");
      console.println("  PROXY_ACCESS_KEY in the environment or in a .env file in the working directory.");
      console.println();
    }
    console.println("llmrouter " + Version.get() + " on http://localhost:" + app.port() + " (channels: "
        + app.channelFile().path() + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "llmrouter-shutdown"));
  }
}
