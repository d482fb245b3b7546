package dev.llmrouter.server.config;

/** A setting that cannot be used; the message names the setting, its variable and the value. */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
